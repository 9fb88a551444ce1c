package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.StreamAccumulator;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.http.SseDecoder;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Feeds SSE bytes through the engine's SSE framing and the Anthropic stream decoder, in chunks of a given size. */
final class AnthropicStreams {
  static final HttpHeaders HEADERS = HttpHeaders.of(Map.of("request-id", List.of("req_stream")), (a, b) -> true);

  private AnthropicStreams() {}

  /** Wraps one event's JSON in SSE framing, with its {@code event:} line taken from its type. */
  static String event(String type, String json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
  }

  static Result decode(String sse, int chunkSize) {
    return decode(sse.getBytes(StandardCharsets.UTF_8), chunkSize);
  }

  /** Decodes a whole stream; chunk size 0 feeds it in one buffer. */
  static Result decode(byte[] sse, int chunkSize) {
    List<StreamEvent> events = new ArrayList<>();
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(HEADERS,
        new AnthropicErrorClassifier(Clock.systemUTC()));
    SseDecoder framing = new SseDecoder((type, data, offset, length, id) ->
        decoder.onFrame(type, data, offset, length, events::add));
    LlmException failure = null;
    try {
      int step = chunkSize == 0 ? Math.max(1, sse.length) : chunkSize;
      for (int from = 0; from < sse.length; from += step) {
        framing.feed(ByteBuffer.wrap(sse, from, Math.min(step, sse.length - from)).slice());
      }
      framing.end();
      decoder.onEnd(events::add);
    } catch (LlmException e) {
      failure = e;
    }
    return new Result(List.copyOf(events), failure);
  }

  /** What a stream decoded to: its events, and the exception that ended it, if any. */
  record Result(List<StreamEvent> events, LlmException failure) {
    ChatResponse collect() {
      StreamAccumulator accumulator = new StreamAccumulator();
      events.forEach(accumulator::accept);
      return accumulator.toResponse();
    }

    <T extends StreamEvent> List<T> of(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }
}
