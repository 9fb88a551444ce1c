package ai.beluga.llms.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.config.ProviderSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {
  private static final String KEY = "sk-test-SECRET-123";

  /** A provider-style config holding a key, as the provider configs do. */
  record AcmeConfig(String model, Secret apiKey) {}

  @Test
  void toStringNeverShowsTheValue() {
    Secret secret = Secret.of(KEY);

    assertThat(secret.toString()).isEqualTo("Secret[****]");
    assertThat(String.valueOf(secret)).doesNotContain(KEY);
    assertThat(secret.reveal()).isEqualTo(KEY);
  }

  @Test
  void aConfigRecordHoldingASecretDoesNotShowIt() {
    assertThat(new AcmeConfig("gpt-x", Secret.of(KEY)).toString()).contains("gpt-x").doesNotContain(KEY);
  }

  @Test
  void secretsAreEqualByValue() {
    assertThat(Secret.of(KEY)).isEqualTo(Secret.of(KEY)).hasSameHashCodeAs(Secret.of(KEY));
    assertThat(Secret.of(KEY)).isNotEqualTo(Secret.of(KEY + "4")).isNotEqualTo(Secret.of("sk-other"));
    assertThat(Secret.of(KEY)).isNotEqualTo(KEY);
  }

  @Test
  void theHashCodeDoesNotDependOnTheValue() {
    assertThat(Secret.of("a").hashCode()).isEqualTo(Secret.of("something else entirely").hashCode());
  }

  @Test
  void aBlankSecretIsRejected() {
    assertThatThrownBy(() -> Secret.of("  ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void anUnsetEnvironmentVariableGivesNoSecret() {
    assertThat(Secret.fromEnv("BELUGA_TEST_VARIABLE_THAT_IS_NEVER_SET_" + System.nanoTime())).isEmpty();
  }

  @Test
  void providerSettingsToStringMasksKeysTokensSecretsAndPasswords() {
    ProviderSettings settings = ProviderSettings.of(Map.of("apiKey", KEY, "authToken", KEY + "-t",
        "clientSecret", KEY + "-s", "password", KEY + "-p", "model", "gpt-x"));

    assertThat(settings.toString()).doesNotContain(KEY).contains("model=gpt-x", "apiKey=****");
    assertThat(settings.secret("apiKey")).contains(Secret.of(KEY));
  }

  @Test
  void aMalformedSettingDoesNotEchoItsValue() {
    ProviderSettings settings = ProviderSettings.of(Map.of("apiKey", KEY));

    assertThatThrownBy(() -> settings.integer("apiKey")).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
      assertThat(e.getMessage()).contains("apiKey").doesNotContain(KEY);
      assertThat(e.toString()).doesNotContain(KEY);
      assertThat(e.violations().toString()).doesNotContain(KEY);
    });
    assertThatThrownBy(() -> settings.duration("apiKey")).hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> settings.decimal("apiKey")).hasMessageNotContaining(KEY);
  }

  @Test
  void anInvalidConfigExceptionAroundAConfigWithASecretDoesNotShowIt() {
    AcmeConfig config = new AcmeConfig("", Secret.of(KEY));
    InvalidConfigException e = new InvalidConfigException("acme", config.getClass().getSimpleName(),
        List.of(new InvalidConfigException.Violation("model", "must not be blank")));

    assertThat(e.getMessage()).contains("AcmeConfig", "model must not be blank").doesNotContain(KEY);
    LlmException wrapped = LlmException.builder(ErrorCode.AUTHENTICATION, "rejected").provider("acme")
        .model(config.model()).cause(e).build();
    assertThat(wrapped.getMessage()).doesNotContain(KEY);
  }
}
