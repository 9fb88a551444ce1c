package ai.beluga.llms;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Generation settings for a call: model override, sampling, limits, stop sequences, seed, penalties, timeout, and
 * provider-specific extras.
 *
 * <p>Every setting is optional; an unset one leaves the decision to the model's defaults and then to the provider.
 * <b>The merge rule</b> is one and the same everywhere: {@link #mergedOver(ChatOptions) perCall.mergedOver(defaults)}
 * takes each setting from the per-call options when it is set there, and from the defaults otherwise. Stop sequences
 * count as set when the list is not empty. {@link #extraBody()} and provider options are merged key by key, the
 * per-call value winning.
 *
 * <pre>{@code
 * ChatOptions defaults = ChatOptions.builder().temperature(0.2).maxOutputTokens(512).build();
 * ChatOptions perCall = ChatOptions.builder().temperature(0.9).build();
 * ChatOptions effective = perCall.mergedOver(defaults); // temperature 0.9, maxOutputTokens 512
 * }</pre>
 *
 * <p>Immutable and thread-safe. A provider that cannot honour a setting that is set raises {@code UNSUPPORTED} naming
 * it; it never drops it silently.
 *
 * @param model the model to use instead of the model's configured one
 * @param temperature sampling temperature
 * @param topP nucleus sampling probability mass
 * @param topK sample from the k most likely tokens
 * @param maxOutputTokens the most tokens to generate
 * @param stopSequences sequences that end generation; empty means none set
 * @param seed seed for providers that offer reproducible sampling
 * @param frequencyPenalty frequency penalty
 * @param presencePenalty presence penalty
 * @param timeout the deadline for the whole call, including retries
 * @param streamIdleTimeout for a stream, the longest silence between two network reads once the response has
 *     started; a longer silence ends the stream with {@code TIMEOUT}
 * @param extraBody raw fields merged into the provider's request body, for what this library does not model; values
 *     must be JSON-serializable by Jackson and should not be changed after they are passed in
 * @param providerOptions typed options for specific providers, one per type
 * @since 0.1.0
 */
public record ChatOptions(
    Optional<String> model,
    OptionalDouble temperature,
    OptionalDouble topP,
    OptionalInt topK,
    OptionalInt maxOutputTokens,
    List<String> stopSequences,
    OptionalLong seed,
    OptionalDouble frequencyPenalty,
    OptionalDouble presencePenalty,
    Optional<Duration> timeout,
    Optional<Duration> streamIdleTimeout,
    Map<String, Object> extraBody,
    Map<Class<? extends ProviderOptions>, ProviderOptions> providerOptions) {

  private static final ChatOptions NONE = builder().build();

  /**
   * Checks the parts are present and copies the collections.
   *
   * @param model the model to use instead of the model's configured one
   * @param temperature sampling temperature
   * @param topP nucleus sampling probability mass
   * @param topK sample from the k most likely tokens
   * @param maxOutputTokens the most tokens to generate
   * @param stopSequences sequences that end generation; empty means none set
   * @param seed seed for providers that offer reproducible sampling
   * @param frequencyPenalty frequency penalty
   * @param presencePenalty presence penalty
   * @param timeout the deadline for the whole call, including retries
   * @param streamIdleTimeout for a stream, the longest silence between two network reads once the response has
   *     started; a longer silence ends the stream with {@code TIMEOUT}
   * @param extraBody raw fields merged into the provider's request body, for what this library does not model; values must be JSON-serializable by Jackson and should not be changed after they are passed in
   * @param providerOptions typed options for specific providers, one per type
   * @throws IllegalArgumentException if a provider options entry is not an instance of its key
   */
  public ChatOptions {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(temperature, "temperature");
    Objects.requireNonNull(topP, "topP");
    Objects.requireNonNull(topK, "topK");
    Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
    stopSequences = List.copyOf(stopSequences);
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(frequencyPenalty, "frequencyPenalty");
    Objects.requireNonNull(presencePenalty, "presencePenalty");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(streamIdleTimeout, "streamIdleTimeout");
    extraBody = Map.copyOf(extraBody);
    providerOptions = Map.copyOf(providerOptions);
    for (Map.Entry<Class<? extends ProviderOptions>, ProviderOptions> entry : providerOptions.entrySet()) {
      if (!entry.getKey().isInstance(entry.getValue())) {
        throw new IllegalArgumentException("provider options under " + entry.getKey().getName()
            + " must be an instance of it");
      }
    }
  }

  /**
   * {@return options with nothing set}
   *
   * @since 0.1.0
   */
  public static ChatOptions none() {
    return NONE;
  }

  /**
   * {@return a builder with nothing set}
   *
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a builder holding these options}
   *
   * @since 0.1.0
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model.orElse(null);
    b.temperature = temperature;
    b.topP = topP;
    b.topK = topK;
    b.maxOutputTokens = maxOutputTokens;
    b.stopSequences = stopSequences;
    b.seed = seed;
    b.frequencyPenalty = frequencyPenalty;
    b.presencePenalty = presencePenalty;
    b.timeout = timeout.orElse(null);
    b.streamIdleTimeout = streamIdleTimeout.orElse(null);
    b.extraBody.putAll(extraBody);
    b.providerOptions.putAll(providerOptions);
    return b;
  }

  /**
   * Returns these options laid over defaults: each setting comes from this object when set here, and from
   * {@code defaults} otherwise. This is the library's one merge rule, used for per-call options over a model's
   * defaults.
   *
   * @param defaults the options to fall back on
   * @return the merged options
   * @since 0.1.0
   */
  public ChatOptions mergedOver(ChatOptions defaults) {
    Objects.requireNonNull(defaults, "defaults");
    if (defaults == NONE || defaults.equals(NONE)) {
      return this;
    }
    if (this == NONE) {
      return defaults;
    }
    Map<String, Object> extras = new LinkedHashMap<>(defaults.extraBody);
    extras.putAll(extraBody);
    Map<Class<? extends ProviderOptions>, ProviderOptions> typed = new LinkedHashMap<>(defaults.providerOptions);
    typed.putAll(providerOptions);
    return new ChatOptions(
        model.isPresent() ? model : defaults.model,
        temperature.isPresent() ? temperature : defaults.temperature,
        topP.isPresent() ? topP : defaults.topP,
        topK.isPresent() ? topK : defaults.topK,
        maxOutputTokens.isPresent() ? maxOutputTokens : defaults.maxOutputTokens,
        stopSequences.isEmpty() ? defaults.stopSequences : stopSequences,
        seed.isPresent() ? seed : defaults.seed,
        frequencyPenalty.isPresent() ? frequencyPenalty : defaults.frequencyPenalty,
        presencePenalty.isPresent() ? presencePenalty : defaults.presencePenalty,
        timeout.isPresent() ? timeout : defaults.timeout,
        streamIdleTimeout.isPresent() ? streamIdleTimeout : defaults.streamIdleTimeout,
        extras,
        typed);
  }

  /**
   * Returns the options of one provider's type, if set.
   *
   * @param <T> the options type
   * @param type the options type
   * @return the options
   * @since 0.1.0
   */
  public <T extends ProviderOptions> Optional<T> providerOptions(Class<T> type) {
    return Optional.ofNullable(type.cast(providerOptions.get(type)));
  }

  /**
   * Builds {@link ChatOptions}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String model;
    private OptionalDouble temperature = OptionalDouble.empty();
    private OptionalDouble topP = OptionalDouble.empty();
    private OptionalInt topK = OptionalInt.empty();
    private OptionalInt maxOutputTokens = OptionalInt.empty();
    private List<String> stopSequences = List.of();
    private OptionalLong seed = OptionalLong.empty();
    private OptionalDouble frequencyPenalty = OptionalDouble.empty();
    private OptionalDouble presencePenalty = OptionalDouble.empty();
    private Duration timeout;
    private Duration streamIdleTimeout;
    private final Map<String, Object> extraBody = new LinkedHashMap<>();
    private final Map<Class<? extends ProviderOptions>, ProviderOptions> providerOptions = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the model to use instead of the configured one.
     *
     * @param model the provider's model name
     * @return this builder
     * @since 0.1.0
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets the sampling temperature.
     *
     * @param temperature the temperature, usually 0 to 2
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     * @since 0.1.0
     */
    public Builder temperature(double temperature) {
      this.temperature = OptionalDouble.of(requireFiniteNonNegative(temperature, "temperature"));
      return this;
    }

    /**
     * Sets nucleus sampling.
     *
     * @param topP the probability mass, 0 to 1
     * @return this builder
     * @throws IllegalArgumentException if outside 0 to 1
     * @since 0.1.0
     */
    public Builder topP(double topP) {
      if (!(topP >= 0 && topP <= 1)) {
        throw new IllegalArgumentException("topP must be between 0 and 1, was " + topP);
      }
      this.topP = OptionalDouble.of(topP);
      return this;
    }

    /**
     * Sets top-k sampling.
     *
     * @param topK the number of candidates, at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     * @since 0.1.0
     */
    public Builder topK(int topK) {
      if (topK < 1) {
        throw new IllegalArgumentException("topK must be at least 1, was " + topK);
      }
      this.topK = OptionalInt.of(topK);
      return this;
    }

    /**
     * Sets the most tokens to generate.
     *
     * @param maxOutputTokens the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     * @since 0.1.0
     */
    public Builder maxOutputTokens(int maxOutputTokens) {
      if (maxOutputTokens < 1) {
        throw new IllegalArgumentException("maxOutputTokens must be at least 1, was " + maxOutputTokens);
      }
      this.maxOutputTokens = OptionalInt.of(maxOutputTokens);
      return this;
    }

    /**
     * Sets the stop sequences.
     *
     * @param stopSequences the sequences
     * @return this builder
     * @since 0.1.0
     */
    public Builder stopSequences(List<String> stopSequences) {
      this.stopSequences = List.copyOf(stopSequences);
      return this;
    }

    /**
     * Sets the stop sequences.
     *
     * @param stopSequences the sequences
     * @return this builder
     * @since 0.1.0
     */
    public Builder stopSequences(String... stopSequences) {
      return stopSequences(List.of(stopSequences));
    }

    /**
     * Sets the sampling seed.
     *
     * @param seed the seed
     * @return this builder
     * @since 0.1.0
     */
    public Builder seed(long seed) {
      this.seed = OptionalLong.of(seed);
      return this;
    }

    /**
     * Sets the frequency penalty.
     *
     * @param penalty the penalty, usually -2 to 2
     * @return this builder
     * @throws IllegalArgumentException if not finite
     * @since 0.1.0
     */
    public Builder frequencyPenalty(double penalty) {
      this.frequencyPenalty = OptionalDouble.of(requireFinite(penalty, "frequencyPenalty"));
      return this;
    }

    /**
     * Sets the presence penalty.
     *
     * @param penalty the penalty, usually -2 to 2
     * @return this builder
     * @throws IllegalArgumentException if not finite
     * @since 0.1.0
     */
    public Builder presencePenalty(double penalty) {
      this.presencePenalty = OptionalDouble.of(requireFinite(penalty, "presencePenalty"));
      return this;
    }

    /**
     * Sets the deadline of the whole call.
     *
     * @param timeout the deadline, positive
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     * @since 0.1.0
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets, for a stream, the longest silence between two network reads once the response has started; a longer
     * silence ends the stream with {@code TIMEOUT} and closes the connection.
     *
     * @param streamIdleTimeout the idle timeout, positive
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     * @since 0.1.0
     */
    public Builder streamIdleTimeout(Duration streamIdleTimeout) {
      if (streamIdleTimeout.isNegative() || streamIdleTimeout.isZero()) {
        throw new IllegalArgumentException("streamIdleTimeout must be positive, was " + streamIdleTimeout);
      }
      this.streamIdleTimeout = streamIdleTimeout;
      return this;
    }

    /**
     * Adds a raw field to the provider's request body.
     *
     * @param name the JSON field name
     * @param value a JSON-serializable value
     * @return this builder
     * @since 0.1.0
     */
    public Builder extraBody(String name, Object value) {
      extraBody.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds typed options for one provider, replacing earlier options of the same type.
     *
     * @param options the options
     * @return this builder
     * @since 0.1.0
     */
    public Builder providerOptions(ProviderOptions options) {
      providerOptions.put(options.getClass(), options);
      return this;
    }

    /**
     * {@return the options}
     *
     * @since 0.1.0
     */
    public ChatOptions build() {
      return new ChatOptions(Optional.ofNullable(model), temperature, topP, topK, maxOutputTokens, stopSequences,
          seed, frequencyPenalty, presencePenalty, Optional.ofNullable(timeout), Optional.ofNullable(streamIdleTimeout), extraBody,
          providerOptions);
    }

    private static double requireFinite(double value, String name) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(name + " must be a finite number, was " + value);
      }
      return value;
    }

    private static double requireFiniteNonNegative(double value, String name) {
      if (!Double.isFinite(value) || value < 0) {
        throw new IllegalArgumentException(name + " must be a finite number of zero or more, was " + value);
      }
      return value;
    }
  }
}
