package ai.beluga.llms.providers.openai;

import ai.beluga.llms.ProviderOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * Options only OpenAI Chat Completions has, carried in {@code ChatOptions.providerOptions}: other providers ignore
 * them.
 *
 * <pre>{@code
 * ChatOptions options = ChatOptions.builder()
 *     .providerOptions(OpenAiOptions.builder().reasoningEffort("low").developerRole(true).build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param reasoningEffort {@code reasoning_effort} for reasoning models ({@code minimal}, {@code low}, {@code medium},
 *     {@code high}), or empty to leave it to the server
 * @param parallelToolCalls {@code parallel_tool_calls}, or empty to leave it to the server
 * @param developerRole whether system messages are sent with role {@code developer}, as OpenAI's reasoning models
 *     expect
 * @param user {@code user}, an end-user id for abuse monitoring, or empty
 * @param serviceTier {@code service_tier} ({@code auto}, {@code default}, {@code flex}, ...), or empty
 * @since 0.1.0
 */
public record OpenAiOptions(Optional<String> reasoningEffort, Optional<Boolean> parallelToolCalls,
    boolean developerRole, Optional<String> user, Optional<String> serviceTier) implements ProviderOptions {

  /**
   * Checks the components.
   *
   * @param reasoningEffort {@code reasoning_effort}, or empty
   * @param parallelToolCalls {@code parallel_tool_calls}, or empty
   * @param developerRole whether system messages go out with role {@code developer}
   * @param user {@code user}, or empty
   * @param serviceTier {@code service_tier}, or empty
   * @throws NullPointerException if an optional is null
   * @since 0.1.0
   */
  public OpenAiOptions {
    Objects.requireNonNull(reasoningEffort, "reasoningEffort");
    Objects.requireNonNull(parallelToolCalls, "parallelToolCalls");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(serviceTier, "serviceTier");
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
   * {@return {@code "openai"}: the options apply to the OpenAI provider and its presets}
   *
   * @since 0.1.0
   */
  @Override
  public String provider() {
    return OpenAiProviderFactory.NAME;
  }

  /**
   * Builds {@link OpenAiOptions}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String reasoningEffort;
    private Boolean parallelToolCalls;
    private boolean developerRole;
    private String user;
    private String serviceTier;

    private Builder() {}

    /**
     * Sets {@code reasoning_effort}.
     *
     * @param effort {@code minimal}, {@code low}, {@code medium} or {@code high}
     * @return this builder
     * @since 0.1.0
     */
    public Builder reasoningEffort(String effort) {
      this.reasoningEffort = Objects.requireNonNull(effort, "effort");
      return this;
    }

    /**
     * Sets {@code parallel_tool_calls}.
     *
     * @param parallel whether the model may call several tools in one turn
     * @return this builder
     * @since 0.1.0
     */
    public Builder parallelToolCalls(boolean parallel) {
      this.parallelToolCalls = parallel;
      return this;
    }

    /**
     * Sends system messages with role {@code developer}.
     *
     * @param developerRole whether to use role {@code developer}
     * @return this builder
     * @since 0.1.0
     */
    public Builder developerRole(boolean developerRole) {
      this.developerRole = developerRole;
      return this;
    }

    /**
     * Sets {@code user}.
     *
     * @param user an end-user id
     * @return this builder
     * @since 0.1.0
     */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /**
     * Sets {@code service_tier}.
     *
     * @param serviceTier the tier
     * @return this builder
     * @since 0.1.0
     */
    public Builder serviceTier(String serviceTier) {
      this.serviceTier = Objects.requireNonNull(serviceTier, "serviceTier");
      return this;
    }

    /**
     * {@return the options}
     *
     * @since 0.1.0
     */
    public OpenAiOptions build() {
      return new OpenAiOptions(Optional.ofNullable(reasoningEffort), Optional.ofNullable(parallelToolCalls),
          developerRole, Optional.ofNullable(user), Optional.ofNullable(serviceTier));
    }
  }
}
