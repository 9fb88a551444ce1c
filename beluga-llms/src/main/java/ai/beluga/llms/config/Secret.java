package ai.beluga.llms.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential, such as an API key, that never shows itself: {@link #toString()} prints {@code Secret[****]}, so a
 * config, a log line, a span or an exception message that includes it reveals nothing.
 *
 * <p>Only {@link #reveal()} returns the value, and only the code that puts it on the wire calls it. Immutable and
 * thread-safe; {@link #equals(Object)} compares in constant time.
 *
 * <pre>{@code
 * Secret key = Secret.fromEnv("OPENAI_API_KEY").orElseThrow();
 * System.out.println(key); // Secret[****]
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a credential.
   *
   * @param value the credential
   * @return the secret
   * @throws IllegalArgumentException if the value is blank
   * @since 0.1.0
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    return new Secret(value);
  }

  /**
   * Reads a credential from an environment variable.
   *
   * @param variable the variable's name, such as {@code OPENAI_API_KEY}
   * @return the secret, or empty when the variable is unset or blank
   * @since 0.1.0
   */
  public static Optional<Secret> fromEnv(String variable) {
    String value = System.getenv(Objects.requireNonNull(variable, "variable"));
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(new Secret(value.strip()));
  }

  /**
   * {@return the credential itself; call it only to put it on the wire}
   *
   * @since 0.1.0
   */
  public String reveal() {
    return value;
  }

  /** {@return {@code Secret[****]}, never the value} */
  @Override
  public String toString() {
    return "Secret[****]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret && MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), ((Secret) other).value.getBytes(StandardCharsets.UTF_8));
  }

  /** {@return a constant, so that the hash reveals nothing about the value} */
  @Override
  public int hashCode() {
    return 0x5ec7e7;
  }
}
