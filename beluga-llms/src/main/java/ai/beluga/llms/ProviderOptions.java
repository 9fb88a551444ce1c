package ai.beluga.llms;

/**
 * Options that only one provider understands, carried in {@link ChatOptions} as a typed escape hatch.
 *
 * <p>Each provider that has such options defines an immutable record implementing this interface. A provider reads
 * its own type from {@link ChatOptions#providerOptions(Class)} and ignores the types of other providers, so that one
 * request can carry options for several providers (useful with fallback across providers).
 *
 * <pre>{@code
 * record MyProviderOptions(String region) implements ProviderOptions {
 *   public String provider() { return "my-provider"; }
 * }
 * ChatOptions options = ChatOptions.builder().providerOptions(new MyProviderOptions("eu")).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public interface ProviderOptions {

  /**
   * {@return the name of the provider these options are for, such as {@code openai}}
   *
   * @since 0.1.0
   */
  String provider();
}
