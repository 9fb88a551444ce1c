package ai.beluga.llms.assembly;

import ai.beluga.llms.providers.mock.Mock;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmsTest {

  @Test
  void createWithAnUnknownProviderIsNotFoundAndListsTheKnownOnes() {
    assertThatThrownBy(() -> Llms.create("nope", Map.of())).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(e.getMessage()).contains("'nope'", "known providers", "mock");
    });
  }

  @Test
  void createFindsAProviderWhateverTheCaseOfItsName() {
    ChatModel model = Llms.create("MOCK", Map.of("model", "m", "reply", "hi"));

    assertThat(model.provider()).isEqualTo("mock");
    assertThat(model.model()).isEqualTo("m");
    assertThat(model.chat("anything").text()).isEqualTo("hi");
  }

  @Test
  void createReadsTypedSettingsForTheMock() {
    ChatModel model = Llms.create("mock", Map.of("streamChunkSize", "2", "streamChunkDelay", "0ms",
        "latency", "10ms", "reply", "abcdef"));

    try (ChatStream stream = model.stream("x")) {
      assertThat(stream.textStream()).containsExactly("ab", "cd", "ef");
    }
  }

  @Test
  void createReportsAMalformedSettingAsInvalidConfig() {
    assertThatThrownBy(() -> Llms.create("mock", Map.of("latency", "a while")))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
          assertThat(e.violations()).extracting(InvalidConfigException.Violation::field).containsExactly("latency");
        });
  }

  @Test
  void createValidatesTheConfigItBuilds() {
    assertThatThrownBy(() -> Llms.create("mock", Map.of("streamChunkSize", "0")))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations())
            .extracting(InvalidConfigException.Violation::field).containsExactly("streamChunkSize"));
  }

  @Test
  void providersListsTheMock() {
    assertThat(Llms.providers()).contains("mock");
  }

  @Test
  void mockLatencyDelaysTheAnswer() {
    ChatModel model = Mock.chatModel(ai.beluga.llms.providers.mock.MockConfig.builder()
        .latency(Duration.ofMillis(30)).build());

    long start = System.nanoTime();
    model.chat("hi");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(25));
  }

  @org.junit.jupiter.api.Test
  void aMisspeltSettingIsReportedWithTheSettingsTheProviderReads() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Llms.create("mock", java.util.Map.of("modle", "m", "reply", "hi")))
        .isInstanceOfSatisfying(ai.beluga.llms.config.InvalidConfigException.class, e -> {
          org.assertj.core.api.Assertions.assertThat(e.code())
              .isEqualTo(ai.beluga.llms.errors.ErrorCode.INVALID_CONFIG);
          org.assertj.core.api.Assertions.assertThat(e.violations()).singleElement().satisfies(v -> {
            org.assertj.core.api.Assertions.assertThat(v.field()).isEqualTo("modle");
            org.assertj.core.api.Assertions.assertThat(v.message()).contains("model", "reply");
          });
        });
  }
}
