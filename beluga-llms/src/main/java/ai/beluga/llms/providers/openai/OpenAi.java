package ai.beluga.llms.providers.openai;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.ModelAssembly;
import java.util.Objects;

/**
 * The entry point of the OpenAI provider: a ready {@link ChatModel} for OpenAI's Chat Completions API or any of the
 * OpenAI-compatible servers of {@link OpenAiPreset} (Azure OpenAI, Groq, DeepSeek, ...), wrapped in the default stack
 * (telemetry, retries, the options' middleware).
 *
 * <pre>{@code
 * ChatModel model = OpenAi.chatModel(OpenAiConfig.fromEnv());
 * ChatModel groq = OpenAi.chatModel(OpenAiConfig.builder(OpenAiPreset.GROQ)
 *     .apiKey(System.getenv("GROQ_API_KEY")).model("llama-3.3-70b-versatile").build());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OpenAi {
  private OpenAi() {}

  /**
   * Builds a model for OpenAI or the compatible server of the config's preset.
   *
   * @param config the config; validated here
   * @param options what shapes the stack: HTTP client, retries, middleware, OpenTelemetry, ...
   * @return the model, thread-safe
   * @throws ai.beluga.llms.config.InvalidConfigException if the config is invalid, listing every violation
   * @throws ai.beluga.llms.errors.LlmException if {@link LlmOption.Flag#CHECK_HEALTH_ON_CREATE} is given and the probe
   *     fails
   * @since 0.1.0
   */
  public static ChatModel chatModel(OpenAiConfig config, LlmOption... options) {
    Objects.requireNonNull(config, "config");
    ModelAssembly assembly = ModelAssembly.of(options);
    return assembly.assemble(OpenAiProviderFactory.chatModel(config, assembly.context()));
  }
}
