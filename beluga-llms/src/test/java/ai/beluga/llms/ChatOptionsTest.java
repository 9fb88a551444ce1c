package ai.beluga.llms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChatOptionsTest {

  record AcmeOptions(String region) implements ProviderOptions {
    @Override
    public String provider() {
      return "acme";
    }
  }

  record OtherOptions(boolean fast) implements ProviderOptions {
    @Override
    public String provider() {
      return "other";
    }
  }

  private static final ChatOptions DEFAULTS = ChatOptions.builder()
      .model("base-model").temperature(0.2).topP(0.9).topK(40).maxOutputTokens(500).stopSequences("END")
      .seed(7).frequencyPenalty(0.1).presencePenalty(0.3).timeout(Duration.ofSeconds(30))
      .extraBody("store", false).extraBody("user", "default-user")
      .providerOptions(new AcmeOptions("eu")).providerOptions(new OtherOptions(false))
      .build();

  @Test
  void anEmptyCallKeepsEveryDefault() {
    assertThat(ChatOptions.none().mergedOver(DEFAULTS)).isEqualTo(DEFAULTS);
    assertThat(ChatOptions.builder().build().mergedOver(DEFAULTS)).isEqualTo(DEFAULTS);
  }

  @Test
  void emptyDefaultsKeepEveryCallOption() {
    assertThat(DEFAULTS.mergedOver(ChatOptions.none())).isEqualTo(DEFAULTS);
  }

  @Test
  void eachFieldSetOnTheCallOverridesItsDefaultAndOnlyThatField() {
    ChatOptions call = ChatOptions.builder().temperature(0.9).maxOutputTokens(20).timeout(Duration.ofSeconds(2))
        .build();

    ChatOptions merged = call.mergedOver(DEFAULTS);

    assertThat(merged.temperature()).hasValue(0.9);
    assertThat(merged.maxOutputTokens()).hasValue(20);
    assertThat(merged.timeout()).contains(Duration.ofSeconds(2));
    assertThat(merged.model()).contains("base-model");
    assertThat(merged.topP()).hasValue(0.9);
    assertThat(merged.topK()).hasValue(40);
    assertThat(merged.stopSequences()).containsExactly("END");
    assertThat(merged.seed()).hasValue(7);
    assertThat(merged.frequencyPenalty()).hasValue(0.1);
    assertThat(merged.presencePenalty()).hasValue(0.3);
    assertThat(merged).isEqualTo(DEFAULTS.toBuilder().temperature(0.9).maxOutputTokens(20)
        .timeout(Duration.ofSeconds(2)).build());
  }

  @Test
  void everyFieldSetOnTheCallWins() {
    ChatOptions call = ChatOptions.builder()
        .model("call-model").temperature(1.0).topP(0.5).topK(5).maxOutputTokens(9).stopSequences("STOP", "HALT")
        .seed(99).frequencyPenalty(-0.5).presencePenalty(-1).timeout(Duration.ofMillis(100))
        .extraBody("store", true).extraBody("user", "u").providerOptions(new AcmeOptions("us"))
        .providerOptions(new OtherOptions(true)).build();

    assertThat(call.mergedOver(DEFAULTS)).isEqualTo(call);
  }

  @Test
  void stopSequencesFromTheCallReplaceTheDefaultListRatherThanAddingToIt() {
    ChatOptions merged = ChatOptions.builder().stopSequences("A", "B").build().mergedOver(DEFAULTS);

    assertThat(merged.stopSequences()).containsExactly("A", "B");
  }

  @Test
  void extraBodyAndProviderOptionsMergeKeyByKey() {
    ChatOptions call = ChatOptions.builder().extraBody("user", "call-user").extraBody("metadata", Map.of("a", 1))
        .providerOptions(new AcmeOptions("us")).build();

    ChatOptions merged = call.mergedOver(DEFAULTS);

    assertThat(merged.extraBody()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "store", false, "user", "call-user", "metadata", Map.of("a", 1)));
    assertThat(merged.providerOptions(AcmeOptions.class)).contains(new AcmeOptions("us"));
    assertThat(merged.providerOptions(OtherOptions.class)).contains(new OtherOptions(false));
  }

  @Test
  void providerOptionsAreLookedUpByType() {
    ChatOptions options = ChatOptions.builder().providerOptions(new AcmeOptions("eu")).build();

    assertThat(options.providerOptions(AcmeOptions.class)).contains(new AcmeOptions("eu"));
    assertThat(options.providerOptions(OtherOptions.class)).isEmpty();
  }

  @Test
  void providerOptionsUnderTheWrongTypeAreRejected() {
    ChatOptions options = ChatOptions.builder().build();

    assertThatThrownBy(() -> new ChatOptions(options.model(), options.temperature(), options.topP(), options.topK(),
        options.maxOutputTokens(), List.of(), options.seed(), options.frequencyPenalty(), options.presencePenalty(),
        options.timeout(), options.streamIdleTimeout(), Map.of(), Map.of(AcmeOptions.class, new OtherOptions(true))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AcmeOptions");
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        row("negative temperature", b -> b.temperature(-0.1), "temperature"),
        row("NaN temperature", b -> b.temperature(Double.NaN), "temperature"),
        row("infinite temperature", b -> b.temperature(Double.POSITIVE_INFINITY), "temperature"),
        row("topP above 1", b -> b.topP(1.01), "topP"),
        row("negative topP", b -> b.topP(-0.01), "topP"),
        row("NaN topP", b -> b.topP(Double.NaN), "topP"),
        row("topK 0", b -> b.topK(0), "topK"),
        row("maxOutputTokens 0", b -> b.maxOutputTokens(0), "maxOutputTokens"),
        row("infinite frequency penalty", b -> b.frequencyPenalty(Double.NEGATIVE_INFINITY), "frequencyPenalty"),
        row("NaN presence penalty", b -> b.presencePenalty(Double.NaN), "presencePenalty"),
        row("zero timeout", b -> b.timeout(Duration.ZERO), "timeout"),
        row("negative timeout", b -> b.timeout(Duration.ofSeconds(-1)), "timeout"));
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void theBuilderRejectsOutOfRangeValues(Consumer<ChatOptions.Builder> setting, String name) {
    ChatOptions.Builder builder = ChatOptions.builder();

    assertThatThrownBy(() -> setting.accept(builder)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }

  @Test
  void theBuilderAcceptsTheEdgesOfEachRange() {
    ChatOptions options = ChatOptions.builder().temperature(0).topP(0).topK(1).maxOutputTokens(1)
        .timeout(Duration.ofNanos(1)).build();

    assertThat(options.temperature()).hasValue(0);
    assertThat(options.topP()).hasValue(0);
    assertThat(ChatOptions.builder().topP(1).build().topP()).hasValue(1);
  }

  @Test
  void optionsAreImmutable() {
    assertThatThrownBy(() -> DEFAULTS.stopSequences().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> DEFAULTS.extraBody().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  private static Arguments row(String name, Consumer<ChatOptions.Builder> setting, String field) {
    return Arguments.argumentSet(name, setting, field);
  }
}
