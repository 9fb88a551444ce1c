package ai.beluga.llms.providers.mock;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.ModelAssembly;
import java.util.Objects;

/**
 * The entry point of the mock provider: a scripted {@link ChatModel} for tests and offline demos, wrapped in the same
 * default stack as every real provider (telemetry, retries, the options' middleware), so that code tested against it
 * sees what it will see in production.
 *
 * <pre>{@code
 * ChatModel model = Mock.chatModel(MockConfig.builder().reply("Hello!").build());
 * System.out.println(model.chat("Hi").text());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Mock {
  private Mock() {}

  /**
   * Builds a scripted model.
   *
   * @param config the script and settings; validated here
   * @param options what shapes the stack: retries, middleware, clock, scheduler, OpenTelemetry, ...
   * @return the model, thread-safe
   * @throws ai.beluga.llms.config.InvalidConfigException if the config is invalid, listing every violation
   * @since 0.1.0
   */
  public static ChatModel chatModel(MockConfig config, LlmOption... options) {
    Objects.requireNonNull(config, "config");
    ModelAssembly assembly = ModelAssembly.of(options);
    return assembly.assemble(new MockChatModel(config, assembly.context()));
  }
}
