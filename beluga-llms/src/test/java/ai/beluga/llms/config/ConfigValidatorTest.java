package ai.beluga.llms.config;

import ai.beluga.llms.providers.mock.Mock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.internal.valid.MockConfigRules;
import ai.beluga.llms.providers.mock.MockConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

  @Test
  void reportsEveryViolationOfAMockConfigAtOnce() {
    MockConfig config = MockConfig.builder().model(" ").streamChunkSize(0).latency(Duration.ofMillis(-5)).build();

    assertThatThrownBy(() -> Mock.chatModel(config)).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
      assertThat(e.retryable()).isFalse();
      assertThat(e.provider()).contains("mock");
      assertThat(e.violations()).extracting(InvalidConfigException.Violation::field)
          .containsExactlyInAnyOrder("model", "streamChunkSize", "latency");
      assertThat(e.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
      assertThat(e.getMessage()).contains("MockConfig has 3 problems", "model", "streamChunkSize", "latency");
    });
  }

  @Test
  void reportsANullPartAndANegativeChunkDelay() {
    MockConfig config = new MockConfig("m", null, Duration.ZERO, 1, Duration.ofMillis(-1),
        ai.beluga.llms.providers.mock.MockScript.create());

    assertThatThrownBy(config::validate).isInstanceOfSatisfying(InvalidConfigException.class,
        e -> assertThat(e.violations()).extracting(InvalidConfigException.Violation::field)
            .containsExactlyInAnyOrder("defaultOptions", "streamChunkDelay"));
  }

  @Test
  void aValidConfigPasses() {
    MockConfig config = MockConfig.builder().model("m").streamChunkSize(1).latency(Duration.ZERO).build();

    assertThat(config.validate()).isSameAs(config);
  }

  @Test
  void extraChecksAreReportedWithTheAnnotatedOnes() {
    MockConfig config = MockConfig.builder().model("").build();

    MockConfigRules rules = new MockConfigRules(config.model(), config.defaultOptions(), config.latency(),
        config.streamChunkSize(), config.streamChunkDelay(), config.script());

    assertThatThrownBy(() -> ConfigValidator.of("mock", config, rules)
        .requirePositive("connectTimeout", Duration.ZERO)
        .requirePositive("readTimeout", Duration.ofSeconds(1))
        .require(false, "baseUrl", "must use https")
        .validate())
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations())
            .extracting(InvalidConfigException.Violation::field)
            .containsExactly("model", "connectTimeout", "baseUrl"));
  }

  @Test
  void theErrorNamesTheConfigNotTheAnnotatedRecord() {
    MockConfig config = MockConfig.builder().model("").build();

    assertThatThrownBy(config::validate).isInstanceOfSatisfying(InvalidConfigException.class,
        e -> assertThat(e.getMessage()).contains("MockConfig has 1 problem: model").doesNotContain("Rules"));
  }
}
