package ai.beluga.llms.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

class SseDecoderTest {
  private static final JsonFactory JSON = new JsonFactory();

  static Stream<Arguments> streams() {
    return Stream.of(
        row("a single data line", "data: hello\n\n", msg("hello")),
        row("multi-line data joined with LF", "data: a\ndata: b\ndata: c\n\n", msg("a\nb\nc")),
        row("CRLF line ends", "data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n", msg("a\nb"), msg("c")),
        row("CR line ends", "data: a\rdata: b\r\rdata: c\r\r", msg("a\nb"), msg("c")),
        row("mixed line ends", "data: a\r\ndata: b\rdata: c\n\r\n", msg("a\nb\nc")),
        row("two events in a row", "data: first\n\ndata: second\n\n", msg("first"), msg("second")),
        row("multi-byte UTF-8", "data: héllo 世界 🐋\n\n", msg("héllo 世界 🐋")),
        row("UTF-8 in event type and id", "event: 世界\nid: 🐋\ndata: x\n\n", new SseEvent("世界", "x", "🐋")),
        row("a leading BOM", "\uFEFFdata: x\n\n", msg("x")),
        row("only the first of two BOMs skipped", "\uFEFF\uFEFFdata: x\n\n"),
        row("comments ignored", ": keep-alive\ndata: x\n: another\n\n", msg("x")),
        row("colon-only line is a comment", ":\ndata: x\n:\n\n", msg("x")),
        row("event field sets the type", "event: ping\ndata: {}\n\n", new SseEvent("ping", "{}", "")),
        row("event type reset after dispatch", "event: a\ndata: 1\n\ndata: 2\n\n",
            new SseEvent("a", "1", ""), msg("2")),
        row("empty event field means message", "event: a\nevent:\ndata: x\n\n", msg("x")),
        row("id persists across events", "id: 7\ndata: x\n\ndata: y\n\n",
            new SseEvent("message", "x", "7"), new SseEvent("message", "y", "7")),
        row("id with NUL ignored", "id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\n",
            new SseEvent("message", "a", "1"), new SseEvent("message", "b", "1")),
        row("empty id clears the id", "id: 1\ndata: a\n\nid\ndata: b\n\n",
            new SseEvent("message", "a", "1"), msg("b")),
        row("field without colon has an empty value", "data\ndata\ndata: x\n\n", msg("\n\nx")),
        row("no space after the colon", "data:x\n\n", msg("x")),
        row("only one space removed after the colon", "data:  x \n\n", msg(" x ")),
        row("colons inside the value kept", "data: a:b: c\n\n", msg("a:b: c")),
        row("empty data values joined with LF", "data:\ndata:\n\n", msg("\n")),
        row("a bare data field gives empty data", "data\n\n", msg("")),
        row("event without data not dispatched", "event: foo\nid: 3\n\ndata: x\n\n",
            new SseEvent("message", "x", "3")),
        row("unknown fields ignored", "foo: bar\nretryx: 1\ndata: x\n\n", msg("x")),
        row("field names are case-sensitive", "Data: x\n\n"),
        row("space before the colon is part of the name", "data : x\n\n"),
        row("blank lines alone dispatch nothing", "\n\n\r\n\r\r"),
        row("incomplete trailing event discarded", "data: a\n\ndata: b\n", msg("a")),
        row("unterminated last line discarded", "data: a\n\ndata: b", msg("a")),
        row("CR ending the stream", "data: a\r\r", msg("a")))
        .flatMap(r -> r);
  }

  @ParameterizedTest
  @MethodSource("streams")
  void decodesEveryStreamTheSameWhateverTheChunkSize(int chunkSize, String input, List<SseEvent> expected) {
    assertThat(decode(input, chunkSize)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> chunkSizes() {
    return Chunks.SIZES.stream().map(size -> Arguments.argumentSet(Chunks.describe(size), size));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void parsesOpenAiChatCompletionChunksStraightFromTheDataSlice(int chunkSize) {
    String body = ""
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"Héllo \"},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"世界 🐋\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + "data: [DONE]\n\n";
    StringBuilder text = new StringBuilder();
    List<String> types = new ArrayList<>();
    SseDecoder decoder = new SseDecoder((type, data, offset, length, id) -> {
      types.add(type);
      if (new String(data, offset, length, StandardCharsets.UTF_8).equals("[DONE]")) {
        return;
      }
      text.append(contentOf(data, offset, length));
    });

    Chunks.feed(body, chunkSize, decoder::feed);
    decoder.end();

    assertThat(text).hasToString("Héllo 世界 🐋");
    assertThat(types).hasSize(5).containsOnly("message");
    assertThat(decoder.hasPendingData()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void decodesAnthropicNamedEventsAndPings(int chunkSize) {
    String body = ""
        + "event: message_start\n"
        + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\"}}\n\n"
        + "event: content_block_start\n"
        + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: ping\n"
        + "data: {\"type\": \"ping\"}\n\n"
        + "event: content_block_delta\n"
        + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
        + "event: content_block_delta\n"
        + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" 🐋\"}}\n\n"
        + "event: content_block_stop\n"
        + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\n"
        + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":4}}\n\n"
        + "event: message_stop\n"
        + "data: {\"type\":\"message_stop\"}\n\n";
    List<SseEvent> events = new ArrayList<>();

    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events));
    Chunks.feed(body, chunkSize, decoder::feed);
    decoder.end();

    assertThat(events).extracting(SseEvent::event).containsExactly("message_start", "content_block_start", "ping",
        "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    assertThat(events.get(2).data()).isEqualTo("{\"type\": \"ping\"}");
    assertThat(events.get(4).data()).contains("\" 🐋\"");
    assertThat(events).extracting(SseEvent::id).containsOnly("");
  }

  @Test
  void reusesEventTypeStringsForRepeatedTypes() {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events));

    decoder.feed(bytes("event: content_block_delta\ndata: 1\n\nevent: ping\ndata: 2\n\n"
        + "event: content_block_delta\ndata: 3\n\n"));

    assertThat(events.get(2).event()).isEqualTo("content_block_delta").isSameAs(events.get(0).event());
  }

  @Test
  void treatsCarriageReturnEndingOneBufferAndLineFeedStartingTheNextAsOneLineEnd() {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events));

    // Were "\r" + "\n" two line ends, the blank line would dispatch "a" on its own.
    decoder.feed(List.of(bytes("data: a\r"), bytes("\ndata: b\r"), bytes("\n\r"), bytes("\n")));

    assertThat(events).containsExactly(msg("a\nb"));
    assertThat(decoder.hasPendingData()).isFalse();
  }

  @Test
  void treatsCarriageReturnsInSeparateBuffersAsSeparateLineEnds() {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events));

    decoder.feed(List.of(bytes("data: a\r"), bytes("\r"), bytes("data: b\r"), bytes("\r\n")));

    assertThat(events).containsExactly(msg("a"), msg("b"));
  }

  static Stream<Arguments> pendingData() {
    return Stream.of(
        Chunks.everySize("complete event", "data: a\n\n", false),
        Chunks.everySize("complete event then a comment", "data: a\n\n: bye\n", false),
        Chunks.everySize("data line without blank line", "data: a\n\ndata: b\n", true),
        Chunks.everySize("event line without blank line", "data: a\n\nevent: x\n", true),
        Chunks.everySize("unterminated line", "data: a\n\ndata: b", true),
        Chunks.everySize("unterminated comment", "data: a\n\n: by", true),
        Chunks.everySize("nothing at all", "", false))
        .flatMap(r -> r);
  }

  @ParameterizedTest
  @MethodSource("pendingData")
  void reportsPendingDataOnlyWhenTheStreamStopsInsideAnEvent(int chunkSize, String input, boolean pending) {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events));

    Chunks.feed(input, chunkSize, decoder::feed);
    decoder.end();

    assertThat(decoder.hasPendingData()).isEqualTo(pending);
    assertThat(events).isEqualTo(input.isEmpty() ? List.of() : List.of(msg("a")));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void keepsTheBytesOfAnIncompleteByteOrderMarkAsContent(int chunkSize) {
    byte[] almostBom = {(byte) 0xEF, (byte) 0xBB, '\n'};
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\n'};
    SseDecoder afterAlmostBom = new SseDecoder(SseDecoder.collecting(new ArrayList<>()));
    SseDecoder afterBom = new SseDecoder(SseDecoder.collecting(new ArrayList<>()));

    Chunks.feed(almostBom, chunkSize, afterAlmostBom::feed);
    Chunks.feed(bom, chunkSize, afterBom::feed);

    // "\xEF\xBB" is a line holding a field, so an event has started; after a real BOM the line is blank.
    assertThat(afterAlmostBom.hasPendingData()).isTrue();
    assertThat(afterBom.hasPendingData()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void reportsRetryTimesOnlyForAsciiDigits(int chunkSize) {
    List<Long> retries = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(new SseDecoder.Listener() {
      @Override
      public void onEvent(String eventType, byte[] data, int offset, int length, String lastEventId) {
      }

      @Override
      public void onRetry(long millis) {
        retries.add(millis);
      }
    });

    Chunks.feed("retry: 3000\nretry: 30x\nretry:\nretry: -5\nretry: 1.5\nretry:  7\nretry:0\n"
        + "retry: 99999999999999999999999\n\n", chunkSize, decoder::feed);

    assertThat(retries).containsExactly(3000L, 0L, Long.MAX_VALUE);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void reportsCommentsToTheListener(int chunkSize) {
    List<String> comments = new ArrayList<>();
    List<SseEvent> events = new ArrayList<>();
    SseDecoder.Listener collecting = SseDecoder.collecting(events);
    SseDecoder decoder = new SseDecoder(new SseDecoder.Listener() {
      @Override
      public void onEvent(String eventType, byte[] data, int offset, int length, String lastEventId) {
        collecting.onEvent(eventType, data, offset, length, lastEventId);
      }

      @Override
      public void onComment(byte[] text, int offset, int length) {
        comments.add(new String(text, offset, length, StandardCharsets.UTF_8));
      }
    });

    Chunks.feed(": keep-alive\n:\ndata: x\n:ping 🐋\n\n", chunkSize, decoder::feed);

    assertThat(comments).containsExactly(" keep-alive", "", "ping 🐋");
    assertThat(events).containsExactly(msg("x"));
  }

  @Test
  void reusesItsDataBufferAcrossEvents() {
    List<byte[]> arrays = new ArrayList<>();
    List<String> data = new ArrayList<>();
    SseDecoder decoder = new SseDecoder((type, bytes, offset, length, id) -> {
      arrays.add(bytes);
      data.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
    });

    decoder.feed(bytes("data: a longer first event\n\ndata: short\n\ndata: x\ndata: y\n\n"));

    assertThat(data).containsExactly("a longer first event", "short", "x\ny");
    assertThat(arrays.get(1)).isSameAs(arrays.get(0));
    assertThat(arrays.get(2)).isSameAs(arrays.get(0));
  }

  @Test
  void exposesTheLastEventIdAsOfTheLastBlankLine() {
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(new ArrayList<>()));

    decoder.feed(bytes("id: 1\ndata: a\n\nid: 2\n"));
    assertThat(decoder.lastEventId()).isEqualTo("1");

    // A blank line sets the last event id even when there is no data to dispatch.
    decoder.feed(bytes("\n"));
    assertThat(decoder.lastEventId()).isEqualTo("2");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void acceptsLinesAndEventsExactlyAtTheLimits(int chunkSize) {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events), 16, 20);

    // Each line is 16 bytes; the event's data is 10 + 1 + 9 = 20 bytes.
    Chunks.feed("data: 0123456789\r\ndata: 012345678\r\n\r\n", chunkSize, decoder::feed);

    assertThat(events).containsExactly(msg("0123456789\n012345678"));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void rejectsACompleteLineLongerThanTheLimit(int chunkSize) {
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(new ArrayList<>()), 16, 1024);

    assertThatThrownBy(() -> Chunks.feed("data: 0123456789A\n\n", chunkSize, decoder::feed))
        .isInstanceOf(StreamLimitException.class)
        .hasMessage("server-sent event stream has a line longer than the limit of 16 bytes (maxLineBytes); raise "
            + "maxLineBytes if the provider legitimately sends longer lines")
        .satisfies(e -> {
          assertThat(((StreamLimitException) e).limitName()).isEqualTo("maxLineBytes");
          assertThat(((StreamLimitException) e).limit()).isEqualTo(16);
        });
  }

  @Test
  void rejectsALineThatNeverEndsOnceItPassesTheLimit() {
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(new ArrayList<>()), 16, 1024);
    decoder.feed(bytes("data: 0123456789"));

    assertThatThrownBy(() -> decoder.feed(bytes("A")))
        .isInstanceOf(StreamLimitException.class)
        .hasMessageContaining("limit of 16 bytes (maxLineBytes)");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void rejectsEventDataLargerThanTheLimit(int chunkSize) {
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(new ArrayList<>()), 1024, 20);

    assertThatThrownBy(() -> Chunks.feed("data: 0123456789\ndata: 0123456789\n\n", chunkSize, decoder::feed))
        .isInstanceOf(StreamLimitException.class)
        .hasMessage("server-sent event data exceeds the limit of 20 bytes (maxEventBytes); raise maxEventBytes if "
            + "the provider legitimately sends larger events")
        .satisfies(e -> assertThat(((StreamLimitException) e).limitName()).isEqualTo("maxEventBytes"));
  }

  @Test
  void decodesABufferLargerThanItsCopySlice() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      body.append("event: e").append(i % 3).append("\ndata: {\"n\":").append(i).append("}\n\n");
    }
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events));

    decoder.feed(bytes(body.toString()));
    decoder.end();

    assertThat(events).hasSize(10_000);
    assertThat(events.get(9_999)).isEqualTo(new SseEvent("e0", "{\"n\":9999}", ""));
    assertThat(decoder.hasPendingData()).isFalse();
  }

  @Test
  void readsBuffersFromTheirPositionAndConsumesThem() {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events));
    ByteBuffer buffer = ByteBuffer.wrap("xxdata: a\n\nyy".getBytes(StandardCharsets.UTF_8), 2, 9);

    decoder.feed(buffer);

    assertThat(events).containsExactly(msg("a"));
    assertThat(buffer.hasRemaining()).isFalse();
  }

  @Test
  void propagatesExceptionsFromTheListener() {
    SseDecoder decoder = new SseDecoder((type, data, offset, length, id) -> {
      throw new IllegalStateException("listener failed");
    });

    assertThatThrownBy(() -> decoder.feed(bytes("data: x\n\n"))).hasMessage("listener failed");
  }

  @Test
  void rejectsFeedAfterEnd() {
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(new ArrayList<>()));
    decoder.end();
    decoder.end();

    assertThatThrownBy(() -> decoder.feed(bytes("data: x\n\n")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after end()");
  }

  @Test
  void rejectsLimitsThatAreNotPositive() {
    SseDecoder.Listener listener = SseDecoder.collecting(new ArrayList<>());

    assertThatThrownBy(() -> new SseDecoder(listener, 0, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLineBytes");
    assertThatThrownBy(() -> new SseDecoder(listener, 10, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEventBytes");
  }

  private static Stream<Arguments> row(String name, String input, SseEvent... expected) {
    return Chunks.everySize(name, input, List.of(expected));
  }

  private static SseEvent msg(String data) {
    return new SseEvent("message", data, "");
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<SseEvent> decode(String input, int chunkSize) {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events));
    Chunks.feed(input, chunkSize, decoder::feed);
    decoder.end();
    return events;
  }

  // Reads choices[0].delta.content, if any, straight from the slice, as a provider's stream decoder would.
  private static String contentOf(byte[] data, int offset, int length) {
    try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), data, offset, length)) {
      String content = "";
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.PROPERTY_NAME && "content".equals(parser.currentName())) {
          parser.nextToken();
          content = parser.getString();
        }
      }
      return content;
    }
  }
}
