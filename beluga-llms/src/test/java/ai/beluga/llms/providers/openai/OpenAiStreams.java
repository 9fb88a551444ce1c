package ai.beluga.llms.providers.openai;

import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.internal.http.SseDecoder;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test support: runs SSE bytes through the engine's SSE framing and the OpenAI stream decoder, in chunks. */
final class OpenAiStreams {
  static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

  private OpenAiStreams() {}

  /** Decodes a whole SSE body fed in chunks of {@code chunkSize} bytes (0: in one piece); failures propagate. */
  static List<StreamEvent> decode(byte[] body, int chunkSize, HttpHeaders headers) {
    return decode(body, chunkSize, headers, new ArrayList<>());
  }

  /** As {@link #decode(byte[], int, HttpHeaders)}, into this list, so that a test sees the events before a failure. */
  static List<StreamEvent> decode(byte[] body, int chunkSize, HttpHeaders headers, List<StreamEvent> events) {
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder(headers, new OpenAiErrorClassifier("openai"));
    SseDecoder sse = new SseDecoder((type, data, offset, length, lastEventId) ->
        decoder.onFrame(type, data, offset, length, events::add));
    int step = chunkSize <= 0 ? Math.max(1, body.length) : chunkSize;
    for (int offset = 0; offset < body.length; offset += step) {
      sse.feed(ByteBuffer.wrap(body, offset, Math.min(step, body.length - offset)).slice());
    }
    sse.end();
    decoder.onEnd(events::add);
    return events;
  }

  static List<StreamEvent> decode(byte[] body, int chunkSize) {
    return decode(body, chunkSize, NO_HEADERS);
  }
}
