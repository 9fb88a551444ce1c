package ai.beluga.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UsageTest {

  @Test
  void derivesTotalFromInputAndOutput() {
    Usage usage = Usage.of(120, 40);

    assertThat(usage.inputTokens()).hasValue(120);
    assertThat(usage.outputTokens()).hasValue(40);
    assertThat(usage.totalTokens()).hasValue(160);
    assertThat(usage.cachedInputTokens()).isEmpty();
    assertThat(usage.reasoningOutputTokens()).isEmpty();
    assertThat(usage.raw()).isEmpty();
  }

  @Test
  void keepsTheProvidersOwnTotal() {
    Usage usage = Usage.builder().inputTokens(10).outputTokens(5).totalTokens(17).build();

    assertThat(usage.totalTokens()).hasValue(17);
  }

  @Test
  void leavesTotalAbsentWhenAPartIsMissing() {
    assertThat(Usage.builder().inputTokens(10).build().totalTokens()).isEmpty();
    assertThat(Usage.builder().outputTokens(5).build().totalTokens()).isEmpty();
  }

  @Test
  void treatsAbsentCountsAsAbsentNotZero() {
    Usage usage = Usage.builder().inputTokens(0).build();

    assertThat(usage.inputTokens()).hasValue(0);
    assertThat(usage.outputTokens()).isEmpty();
    assertThat(usage.reasoningOutputTokens()).isEmpty();
    assertThat(usage.isEmpty()).isFalse();
    assertThat(usage).isNotEqualTo(Usage.builder().inputTokens(0).outputTokens(0).build());
  }

  @Test
  void buildsEveryCountAndTheRawUsage() {
    Usage usage = Usage.builder()
        .inputTokens(100)
        .outputTokens(50)
        .cachedInputTokens(80)
        .reasoningOutputTokens(30)
        .raw("{\"prompt_tokens\":100}")
        .build();

    assertThat(usage.cachedInputTokens()).hasValue(80);
    assertThat(usage.reasoningOutputTokens()).hasValue(30);
    assertThat(usage.totalTokens()).hasValue(150);
    assertThat(usage.raw()).contains("{\"prompt_tokens\":100}");
  }

  @Test
  void isEmptyOnlyWithNoCountAtAll() {
    assertThat(Usage.empty().isEmpty()).isTrue();
    assertThat(Usage.builder().build()).isEqualTo(Usage.empty());
    assertThat(Usage.builder().raw("{}").build().isEmpty()).isTrue();
    assertThat(Usage.builder().cachedInputTokens(1).build().isEmpty()).isFalse();
    assertThat(Usage.of(0, 0).isEmpty()).isFalse();
  }

  static Stream<Arguments> negativeCounts() {
    return Stream.of(
        argumentSet("inputTokens", (Consumer<Usage.Builder>) b -> b.inputTokens(-1), "inputTokens"),
        argumentSet("outputTokens", (Consumer<Usage.Builder>) b -> b.outputTokens(-1), "outputTokens"),
        argumentSet("totalTokens", (Consumer<Usage.Builder>) b -> b.totalTokens(-1), "totalTokens"),
        argumentSet("cachedInputTokens", (Consumer<Usage.Builder>) b -> b.cachedInputTokens(-1), "cachedInputTokens"),
        argumentSet("reasoningOutputTokens", (Consumer<Usage.Builder>) b -> b.reasoningOutputTokens(-1),
            "reasoningOutputTokens"));
  }

  @ParameterizedTest
  @MethodSource("negativeCounts")
  void rejectsNegativeCounts(Consumer<Usage.Builder> setter, String name) {
    Usage.Builder builder = Usage.builder();
    setter.accept(builder);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(name + " must not be negative, was -1");
  }

  @Test
  void rejectsNegativeCountsInOf() {
    assertThatThrownBy(() -> Usage.of(-5, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> merges() {
    return Stream.of(
        argumentSet("input first, output at the end (Anthropic)",
            Usage.builder().inputTokens(100).cachedInputTokens(20).build(),
            Usage.builder().outputTokens(40).build(),
            Usage.builder().inputTokens(100).outputTokens(40).cachedInputTokens(20).build()),
        argumentSet("later count wins per field",
            Usage.builder().inputTokens(100).outputTokens(1).build(),
            Usage.builder().outputTokens(40).build(),
            Usage.of(100, 40)),
        argumentSet("total is derived again, not kept stale",
            Usage.builder().inputTokens(100).outputTokens(1).totalTokens(101).build(),
            Usage.builder().outputTokens(40).build(),
            Usage.of(100, 40)),
        argumentSet("later provider total wins",
            Usage.of(100, 40),
            Usage.builder().totalTokens(150).build(),
            Usage.builder().inputTokens(100).outputTokens(40).totalTokens(150).build()),
        argumentSet("earlier total kept while a part is still missing",
            Usage.builder().totalTokens(90).build(),
            Usage.builder().inputTokens(60).build(),
            Usage.builder().inputTokens(60).totalTokens(90).build()),
        argumentSet("empty later report changes nothing",
            Usage.builder().inputTokens(7).reasoningOutputTokens(3).raw("{\"a\":1}").build(),
            Usage.empty(),
            Usage.builder().inputTokens(7).reasoningOutputTokens(3).raw("{\"a\":1}").build()),
        argumentSet("later raw wins",
            Usage.builder().raw("{\"a\":1}").build(),
            Usage.builder().raw("{\"b\":2}").build(),
            Usage.builder().raw("{\"b\":2}").build()));
  }

  @ParameterizedTest
  @MethodSource("merges")
  void mergesALaterReport(Usage earlier, Usage later, Usage expected) {
    assertThat(earlier.mergedWith(later)).isEqualTo(expected);
  }

  @Test
  void requiresEveryComponent() {
    assertThatThrownBy(() -> new Usage(null, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("inputTokens");
    assertThatThrownBy(() -> Usage.empty().mergedWith(null)).isInstanceOf(NullPointerException.class);
  }
}
