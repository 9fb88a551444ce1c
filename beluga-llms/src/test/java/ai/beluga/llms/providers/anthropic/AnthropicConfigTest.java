package ai.beluga.llms.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.config.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicConfigTest {

  @Test
  void fromEnvReadsTheKeyBaseUrlAndModel() {
    Map<String, String> env = Map.of("ANTHROPIC_API_KEY", " sk-ant-env ", "ANTHROPIC_BASE_URL",
        "https://proxy.example.com", "ANTHROPIC_MODEL", "claude-env");

    AnthropicConfig config = AnthropicConfig.fromEnv(env::get).build().validate();

    assertThat(config.apiKey().reveal()).isEqualTo("sk-ant-env");
    assertThat(config.baseUrl()).isEqualTo(URI.create("https://proxy.example.com"));
    assertThat(config.model()).isEqualTo("claude-env");
    assertThat(config.toString()).doesNotContain("sk-ant-env");
  }

  @Test
  void fromSettingsOverridesTheEnvironment() {
    AnthropicConfig config = AnthropicConfig.fromSettings(ProviderSettings.of(Map.of("apiKey", "sk-ant-set",
        "model", "claude-set", "defaultMaxTokens", "1000", "timeout", "PT5S")),
        Map.of("ANTHROPIC_API_KEY", "sk-ant-env")::get);

    assertThat(config.apiKey().reveal()).isEqualTo("sk-ant-set");
    assertThat(config.defaultMaxTokens()).isEqualTo(1000);
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void reportsEveryViolationAtOnceWithoutShowingTheKey() {
    AnthropicConfig config = AnthropicConfig.builder().apiKey(Secret.of("sk-ant-hidden")).model(" ")
        .baseUrl(URI.create("ftp://x")).defaultMaxTokens(0).timeout(Duration.ZERO).build();

    assertThatThrownBy(config::validate).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("model").hasMessageContaining("baseUrl").hasMessageContaining("defaultMaxTokens")
        .hasMessageContaining("timeout").message().doesNotContain("sk-ant-hidden");
  }

  @Test
  void aMissingKeyIsAViolation() {
    assertThatThrownBy(() -> Anthropic.chatModel(AnthropicConfig.builder().model("claude-x").build()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("apiKey");
  }

  @Test
  void theRegistryBuildsAnAnthropicModelByName() {
    ChatModel model = Llms.create("anthropic", Map.of("apiKey", "sk-ant-x", "model", "claude-x"));

    assertThat(model.provider()).isEqualTo("anthropic");
    assertThat(model.model()).isEqualTo("claude-x");
    assertThat(Llms.providers()).contains("anthropic");
  }
}
