package ai.beluga.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes the stub serves, built in the shape of recorded provider traffic (field order, ids, fingerprints,
 * {@code logprobs: null}, Anthropic's {@code ping} and {@code event:} lines). The recordings themselves are not
 * committed; these are written from their shape. Every benchmark, library and baseline, reads the same bytes.
 */
public final class Fixtures {
  /** Content chunks in a stream. */
  public static final int CHUNKS = 200;

  /** The non-streamed OpenAI answer. */
  public static final byte[] OPENAI_CHAT = ("{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":"
      + "\"chat.completion\",\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is Paris. It has been the country's"
      + " capital since the tenth century, apart from a few short periods.\",\"refusal\":null,\"annotations\":[]},"
      + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":27,"
      + "\"total_tokens\":46,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
      + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
      + "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}")
      .getBytes(StandardCharsets.UTF_8);

  /** An OpenAI stream: a role chunk, {@link #CHUNKS} content chunks, a finish chunk, a usage chunk, [DONE]. */
  public static final byte[] OPENAI_STREAM = openAiStream();

  /** An Anthropic Messages stream with {@link #CHUNKS} text deltas. */
  public static final byte[] ANTHROPIC_STREAM = anthropicStream();

  private Fixtures() {}

  /** A word of the streamed answer: varied lengths, some with JSON escapes, as real deltas have. */
  static String word(int i) {
    switch (i % 7) {
      case 0: return " the";
      case 1: return " capital";
      case 2: return " of";
      case 3: return " France,";
      case 4: return " \\\"Paris\\\"";
      case 5: return " is";
      default: return " known\\n";
    }
  }

  private static byte[] openAiStream() {
    String head = "{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741570283,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
        + "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,\"delta\":";
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("data: ").append(head).append("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},")
        .append("\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    for (int i = 0; i < CHUNKS; i++) {
      out.append("data: ").append(head).append("{\"content\":\"").append(word(i))
          .append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    }
    out.append("data: ").append(head).append("{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
    out.append("data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741570283,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
        + "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[],\"usage\":{\"prompt_tokens\":19,"
        + "\"completion_tokens\":200,\"total_tokens\":219,\"prompt_tokens_details\":{\"cached_tokens\":0,"
        + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n");
    out.append("data: [DONE]\n\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] anthropicStream() {
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"msg_01HCDu5LRGeP2o7s2xGmxyx8\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
        + "\"claude-3-5-sonnet-20241022\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
        + "{\"input_tokens\":19,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":1}}}\n\n");
    out.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    out.append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    for (int i = 0; i < CHUNKS; i++) {
      out.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
          + "{\"type\":\"text_delta\",\"text\":\"").append(word(i)).append("\"}}\n\n");
    }
    out.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    out.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":200}}\n\n");
    out.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Cuts bytes into buffers of the size the JDK HTTP client hands a body subscriber (at most 16 KiB), read-only
   * like the client's.
   *
   * @param bytes the stream
   * @param size the buffer size
   * @return the buffers, to be {@link ByteBuffer#duplicate() duplicated} before each use
   */
  public static List<ByteBuffer> slices(byte[] bytes, int size) {
    List<ByteBuffer> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += size) {
      out.add(ByteBuffer.wrap(bytes, i, Math.min(size, bytes.length - i)).slice().asReadOnlyBuffer());
    }
    return out;
  }
}
