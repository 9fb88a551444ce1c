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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NdjsonDecoderTest {

  static Stream<Arguments> streams() {
    return Stream.of(
        row("lines ending with LF", "{\"a\":1}\n{\"a\":2}\n", "{\"a\":1}", "{\"a\":2}"),
        row("lines ending with CRLF", "{\"a\":1}\r\n{\"a\":2}\r\n", "{\"a\":1}", "{\"a\":2}"),
        row("blank and whitespace-only lines skipped", "\n  \n\t\r\n{}\n\r\n \t \n[]\n", "{}", "[]"),
        row("last line without LF delivered", "{\"a\":1}\n{\"done\":true}", "{\"a\":1}", "{\"done\":true}"),
        row("last line ending with a lone CR delivered", "{}\r", "{}"),
        row("whitespace-only last line skipped", "{}\n  \t", "{}"),
        row("lone CR inside a line kept", "{\"a\":\"x\"}\r{}\n", "{\"a\":\"x\"}\r{}"),
        row("surrounding spaces kept", "  {} \n", "  {} "),
        row("multi-byte UTF-8", "{\"t\":\"héllo 世界 🐋\"}\n{\"t\":\"🐋\"}", "{\"t\":\"héllo 世界 🐋\"}", "{\"t\":\"🐋\"}"),
        row("nothing at all", ""),
        row("only line ends", "\n\r\n\n"))
        .flatMap(r -> r);
  }

  @ParameterizedTest
  @MethodSource("streams")
  void splitsEveryStreamTheSameWhateverTheChunkSize(int chunkSize, String input, List<String> expected) {
    assertThat(decode(input, chunkSize)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> chunkSizes() {
    return Chunks.SIZES.stream().map(size -> Arguments.argumentSet(Chunks.describe(size), size));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void parsesAnOllamaChatStreamStraightFromTheLineSlices(int chunkSize) {
    String body = ""
        + "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"Héllo\"},\"done\":false}\n"
        + "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:01Z\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\" 世界 🐋\"},\"done\":false}\n"
        + "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:02Z\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":123456789,"
        + "\"prompt_eval_count\":12,\"eval_count\":3}";
    List<JsonNode> lines = new ArrayList<>();
    NdjsonDecoder decoder = new NdjsonDecoder((bytes, offset, length) ->
        lines.add(JsonMapper.shared().readTree(bytes, offset, length)));

    Chunks.feed(body, chunkSize, decoder::feed);
    assertThat(lines).hasSize(2);
    decoder.end();

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).path("message").path("content").asString()
        + lines.get(1).path("message").path("content").asString()).isEqualTo("Héllo 世界 🐋");
    assertThat(lines.get(2).path("done_reason").asString()).isEqualTo("stop");
    assertThat(lines.get(2).path("eval_count").asInt()).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void deliversAnOllamaErrorLine(int chunkSize) {
    String body = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n"
        + "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}\n";
    List<JsonNode> lines = new ArrayList<>();
    NdjsonDecoder decoder = new NdjsonDecoder((bytes, offset, length) ->
        lines.add(JsonMapper.shared().readTree(bytes, offset, length)));

    Chunks.feed(body, chunkSize, decoder::feed);
    decoder.end();

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1).path("error").asString()).isEqualTo("model \"llama9\" not found, try pulling it first");
  }

  @Test
  void deliversTheLastLineOnlyAtEndAndOnlyOnce() {
    List<String> lines = new ArrayList<>();
    NdjsonDecoder decoder = new NdjsonDecoder(NdjsonDecoder.collecting(lines));

    decoder.feed(bytes("{\"a\":1}\n{\"a\""));
    decoder.feed(bytes(":2}"));
    assertThat(lines).containsExactly("{\"a\":1}");

    decoder.end();
    decoder.end();
    assertThat(lines).containsExactly("{\"a\":1}", "{\"a\":2}");
  }

  @Test
  void treatsCrlfSplitAcrossBuffersAsOneLineEnd() {
    List<String> lines = new ArrayList<>();
    NdjsonDecoder decoder = new NdjsonDecoder(NdjsonDecoder.collecting(lines));

    decoder.feed(List.of(bytes("{}\r"), bytes("\n[]\r"), bytes("\n")));
    decoder.end();

    assertThat(lines).containsExactly("{}", "[]");
  }

  @Test
  void reusesItsLineBufferAcrossLines() {
    List<byte[]> arrays = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    NdjsonDecoder decoder = new NdjsonDecoder((bytes, offset, length) -> {
      arrays.add(bytes);
      lines.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
    });

    decoder.feed(bytes("{\"a longer first line\":true}\n{}\n"));
    decoder.feed(bytes("[1]\n"));

    assertThat(lines).containsExactly("{\"a longer first line\":true}", "{}", "[1]");
    assertThat(arrays).allSatisfy(array -> assertThat(array).isSameAs(arrays.get(0)));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void acceptsALineExactlyAtTheLimitWhateverItsLineEnd(int chunkSize) {
    List<String> lines = new ArrayList<>();
    NdjsonDecoder decoder = new NdjsonDecoder(NdjsonDecoder.collecting(lines), 8);

    Chunks.feed("{\"a\":12}\r\n{\"b\":34}\n{\"c\":56}\r", chunkSize, decoder::feed);
    decoder.end();

    assertThat(lines).containsExactly("{\"a\":12}", "{\"b\":34}", "{\"c\":56}");
  }

  static Stream<Arguments> tooLong() {
    return Stream.of(
        Chunks.everySize("complete line", "{\"a\":123}\n"),
        Chunks.everySize("complete line with CRLF", "{\"a\":123}\r\n"),
        Chunks.everySize("unterminated line", "{}\n{\"a\":123}"))
        .flatMap(r -> r);
  }

  @ParameterizedTest
  @MethodSource("tooLong")
  void rejectsALineLongerThanTheLimit(int chunkSize, String input) {
    NdjsonDecoder decoder = new NdjsonDecoder(NdjsonDecoder.collecting(new ArrayList<>()), 8);

    assertThatThrownBy(() -> {
      Chunks.feed(input, chunkSize, decoder::feed);
      decoder.end();
    })
        .isInstanceOf(StreamLimitException.class)
        .hasMessage("NDJSON stream has a line longer than the limit of 8 bytes (maxLineBytes); raise maxLineBytes "
            + "if the provider legitimately sends longer lines")
        .satisfies(e -> assertThat(((StreamLimitException) e).limit()).isEqualTo(8));
  }

  @Test
  void rejectsALineThatNeverEndsBeforeTheStreamEnds() {
    NdjsonDecoder decoder = new NdjsonDecoder(NdjsonDecoder.collecting(new ArrayList<>()), 8);
    decoder.feed(bytes("{\"a\":12}"));

    assertThatThrownBy(() -> decoder.feed(bytes("3")))
        .isInstanceOf(StreamLimitException.class)
        .hasMessageContaining("limit of 8 bytes (maxLineBytes)");
  }

  @Test
  void decodesABufferLargerThanItsCopySlice() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      body.append("{\"n\":").append(i).append("}\n");
    }
    List<String> lines = new ArrayList<>();
    NdjsonDecoder decoder = new NdjsonDecoder(NdjsonDecoder.collecting(lines));

    decoder.feed(bytes(body.toString()));
    decoder.end();

    assertThat(lines).hasSize(20_000).endsWith("{\"n\":19999}");
  }

  @Test
  void rejectsFeedAfterEnd() {
    NdjsonDecoder decoder = new NdjsonDecoder(NdjsonDecoder.collecting(new ArrayList<>()));
    decoder.end();

    assertThatThrownBy(() -> decoder.feed(bytes("{}\n")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after end()");
  }

  @Test
  void rejectsALimitThatIsNotPositive() {
    assertThatThrownBy(() -> new NdjsonDecoder(NdjsonDecoder.collecting(new ArrayList<>()), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLineBytes");
  }

  private static Stream<Arguments> row(String name, String input, String... expected) {
    return Chunks.everySize(name, input, List.of(expected));
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> decode(String input, int chunkSize) {
    List<String> lines = new ArrayList<>();
    NdjsonDecoder decoder = new NdjsonDecoder(NdjsonDecoder.collecting(lines));
    Chunks.feed(input, chunkSize, decoder::feed);
    decoder.end();
    return lines;
  }
}
