package ai.beluga.llms.providers.mock;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.config.ConfigValidator;
import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.config.ProviderSettings;
import ai.beluga.llms.internal.valid.MockConfigRules;
import java.time.Duration;
import java.util.Objects;

/**
 * The config of the {@code mock} provider: a scripted model for users' tests and offline demos.
 *
 * <pre>{@code
 * MockScript script = MockScript.create().enqueueText("Hello!");
 * MockConfig config = MockConfig.builder()
 *     .model("mock-large")
 *     .script(script)
 *     .streamChunkSize(4)
 *     .streamChunkDelay(Duration.ofMillis(20))
 *     .build();
 * ChatModel model = Mock.chatModel(config);
 * }</pre>
 *
 * <p>Immutable and thread-safe (the script it holds is thread-safe). Checked when a model is built: every violation
 * is reported at once as an {@link InvalidConfigException}.
 *
 * @param model the model name the mock reports
 * @param defaultOptions options every call starts from
 * @param latency how long every call waits before answering, on top of a reply's own delay
 * @param streamChunkSize how many characters of text, or of tool-call arguments, each streamed delta carries
 * @param streamChunkDelay the pause between streamed events
 * @param script the replies and the record of requests
 * @since 0.1.0
 */
public record MockConfig(
    String model,
    ChatOptions defaultOptions,
    Duration latency,
    int streamChunkSize,
    Duration streamChunkDelay,
    MockScript script) {

  /** The model name used when none is set. */
  public static final String DEFAULT_MODEL = "mock-model";

  /**
   * {@return a builder with the defaults: model {@value #DEFAULT_MODEL}, no latency, chunks of 8 characters, no
   * delay between chunks, and a fresh echoing script}
   *
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a config from registry settings: {@code model}, {@code latency}, {@code streamChunkSize},
   * {@code streamChunkDelay}, and {@code reply} (a text every call answers with instead of echoing).
   *
   * @param settings the settings
   * @return the config
   * @throws InvalidConfigException if a setting is malformed
   * @since 0.1.0
   */
  public static MockConfig fromSettings(ProviderSettings settings) {
    Builder builder = builder();
    settings.string("model").ifPresent(builder::model);
    settings.duration("latency").ifPresent(builder::latency);
    settings.integer("streamChunkSize").ifPresent(builder::streamChunkSize);
    settings.duration("streamChunkDelay").ifPresent(builder::streamChunkDelay);
    settings.string("reply").ifPresent(builder::reply);
    return builder.build();
  }

  /**
   * Checks every constraint and reports all violations at once.
   *
   * @return this config
   * @throws InvalidConfigException listing every violation
   * @since 0.1.0
   */
  public MockConfig validate() {
    ConfigValidator.of("mock", this,
            new MockConfigRules(model, defaultOptions, latency, streamChunkSize, streamChunkDelay, script))
        .require(latency == null || !latency.isNegative(), "latency", "must not be negative, was " + latency)
        .require(streamChunkDelay == null || !streamChunkDelay.isNegative(), "streamChunkDelay",
            "must not be negative, was " + streamChunkDelay)
        .validate();
    return this;
  }

  /**
   * Builds a {@link MockConfig}. Not thread-safe. {@link #build()} does not validate; the factory does, so that every
   * violation is reported together.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String model = DEFAULT_MODEL;
    private ChatOptions defaultOptions = ChatOptions.none();
    private Duration latency = Duration.ZERO;
    private int streamChunkSize = 8;
    private Duration streamChunkDelay = Duration.ZERO;
    private MockScript script;
    private String reply;

    private Builder() {}

    /**
     * Sets the model name.
     *
     * @param model the name
     * @return this builder
     * @since 0.1.0
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the options every call starts from.
     *
     * @param defaultOptions the options
     * @return this builder
     * @since 0.1.0
     */
    public Builder defaultOptions(ChatOptions defaultOptions) {
      this.defaultOptions = defaultOptions;
      return this;
    }

    /**
     * Sets the latency of every call.
     *
     * @param latency the latency, zero or more
     * @return this builder
     * @since 0.1.0
     */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /**
     * Sets how many characters each streamed delta carries.
     *
     * @param streamChunkSize the size, at least 1
     * @return this builder
     * @since 0.1.0
     */
    public Builder streamChunkSize(int streamChunkSize) {
      this.streamChunkSize = streamChunkSize;
      return this;
    }

    /**
     * Sets the pause between streamed events.
     *
     * @param streamChunkDelay the pause, zero or more
     * @return this builder
     * @since 0.1.0
     */
    public Builder streamChunkDelay(Duration streamChunkDelay) {
      this.streamChunkDelay = streamChunkDelay;
      return this;
    }

    /**
     * Sets the script; without one, the config gets a fresh script.
     *
     * @param script the script
     * @return this builder
     * @since 0.1.0
     */
    public Builder script(MockScript script) {
      this.script = Objects.requireNonNull(script, "script");
      return this;
    }

    /**
     * Makes a fresh script answer every call with this text; ignored when a script is set.
     *
     * @param text the answer
     * @return this builder
     * @since 0.1.0
     */
    public Builder reply(String text) {
      this.reply = Objects.requireNonNull(text, "text");
      return this;
    }

    /**
     * {@return the config, not yet validated}
     *
     * @since 0.1.0
     */
    public MockConfig build() {
      MockScript chosen = script;
      if (chosen == null) {
        chosen = MockScript.create();
        if (reply != null) {
          chosen.fixedReply(reply);
        }
      }
      return new MockConfig(model, defaultOptions, latency, streamChunkSize, streamChunkDelay, chosen);
    }
  }
}
