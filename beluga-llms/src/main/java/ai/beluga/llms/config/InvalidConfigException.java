package ai.beluga.llms.config;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.util.List;

/**
 * An {@link LlmException} with code {@link ErrorCode#INVALID_CONFIG} that lists every violation of a config at once,
 * so that a user fixes them all in one round.
 *
 * <pre>{@code
 * try {
 *   Mock.chatModel(MockConfig.builder().model("").streamChunkSize(0).build());
 * } catch (InvalidConfigException e) {
 *   e.violations().forEach(v -> System.out.println(v.field() + ": " + v.message()));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InvalidConfigException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** Not serialized: violations are plain records, rebuilt from the message if ever needed. */
  private final transient List<Violation> violations;

  /**
   * Creates the exception.
   *
   * @param provider the provider whose config failed
   * @param configType the config's simple type name, for the message
   * @param violations every violation, at least one
   * @since 0.1.0
   */
  public InvalidConfigException(String provider, String configType, List<Violation> violations) {
    super(LlmException.builder(ErrorCode.INVALID_CONFIG, describe(configType, violations)).provider(provider));
    this.violations = List.copyOf(violations);
  }

  /**
   * {@return every violation, in field order}
   *
   * @since 0.1.0
   */
  public List<Violation> violations() {
    return violations;
  }

  private static String describe(String configType, List<Violation> violations) {
    StringBuilder text = new StringBuilder(configType).append(" has ").append(violations.size())
        .append(violations.size() == 1 ? " problem: " : " problems: ");
    for (int i = 0; i < violations.size(); i++) {
      if (i > 0) {
        text.append("; ");
      }
      text.append(violations.get(i).field()).append(' ').append(violations.get(i).message());
    }
    return text.toString();
  }

  /**
   * One violated constraint. Never holds the rejected value, which may be a credential.
   *
   * @param field the config field, such as {@code model}
   * @param message what is wrong with it and what is expected
   * @since 0.1.0
   */
  public record Violation(String field, String message) {
    /**
     * Checks the parts are present.
     *
     * @param field the config field, such as {@code model}
     * @param message what is wrong with it and what is expected
     */
    public Violation {
      java.util.Objects.requireNonNull(field, "field");
      java.util.Objects.requireNonNull(message, "message");
    }
  }
}
