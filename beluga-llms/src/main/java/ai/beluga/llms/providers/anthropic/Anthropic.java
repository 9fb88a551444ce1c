package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.ModelAssembly;
import java.util.Objects;

/**
 * The entry point of the Anthropic provider: a ready {@link ChatModel} for the Anthropic Messages API, wrapped in the
 * default stack (telemetry, retries, the options' middleware).
 *
 * <pre>{@code
 * ChatModel claude = Anthropic.chatModel(AnthropicConfig.fromEnv().model("claude-sonnet-4-5").build());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Anthropic {
  private Anthropic() {}

  /**
   * Builds a model for the Anthropic Messages API.
   *
   * @param config the config; validated here
   * @param options what shapes the stack: HTTP client, retries, middleware, OpenTelemetry, ...
   * @return the model, thread-safe
   * @throws ai.beluga.llms.config.InvalidConfigException if the config is invalid, listing every violation
   * @throws ai.beluga.llms.errors.LlmException if {@link LlmOption.Flag#CHECK_HEALTH_ON_CREATE} is given and the probe
   *     fails
   * @since 0.1.0
   */
  public static ChatModel chatModel(AnthropicConfig config, LlmOption... options) {
    Objects.requireNonNull(config, "config");
    ModelAssembly assembly = ModelAssembly.of(options);
    return assembly.assemble(AnthropicProviderFactory.chatModel(config, assembly.context()));
  }
}
