package ai.beluga.llms.config;

import io.avaje.validation.ConstraintViolation;
import io.avaje.validation.Validator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Checks a config record against its Jakarta Validation annotations, with validators generated at compile time
 * (avaje-validator: no reflection and a fast cold start), plus checks the annotations cannot express, and reports every
 * violation at once as an {@link InvalidConfigException}.
 *
 * <pre>{@code
 * ConfigValidator.of("openai", config)
 *     .requirePositive("timeout", config.timeout())
 *     .validate();
 * }</pre>
 *
 * <p>Not thread-safe: one instance checks one config, on one thread.
 *
 * @since 0.1.0
 */
public final class ConfigValidator {
  private final String provider;
  private final Object config;
  private final Object annotated;
  private final List<InvalidConfigException.Violation> extra = new ArrayList<>();

  private ConfigValidator(String provider, Object config, Object annotated) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.config = Objects.requireNonNull(config, "config");
    this.annotated = Objects.requireNonNull(annotated, "annotated");
  }

  /**
   * Starts checking a config.
   *
   * @param provider the provider the config is for, named in the error
   * @param config a record annotated with {@code jakarta.validation.Valid} and constraint annotations
   * @return the checker
   * @since 0.1.0
   */
  public static ConfigValidator of(String provider, Object config) {
    return new ConfigValidator(provider, config, config);
  }

  /**
   * Starts checking a config whose constraint annotations sit on another record: one that holds the config's values
   * under the config's component names, so that the validator generated for it lives outside the config's package.
   *
   * @param provider the provider the config is for, named in the error
   * @param config the config, whose type the error names
   * @param annotated a record annotated with {@code jakarta.validation.Valid} and constraint annotations, holding the
   *     config's values
   * @return the checker
   * @since 0.1.0
   */
  public static ConfigValidator of(String provider, Object config, Object annotated) {
    return new ConfigValidator(provider, config, annotated);
  }

  /**
   * Adds a violation when a duration is not positive.
   *
   * @param field the field's name
   * @param value the duration; null is left to the annotations
   * @return this checker
   * @since 0.1.0
   */
  public ConfigValidator requirePositive(String field, Duration value) {
    if (value != null && (value.isZero() || value.isNegative())) {
      extra.add(new InvalidConfigException.Violation(field, "must be a positive duration, was " + value));
    }
    return this;
  }

  /**
   * Adds a violation when a condition does not hold.
   *
   * @param condition what must hold
   * @param field the field's name
   * @param message what is wrong and what is expected
   * @return this checker
   * @since 0.1.0
   */
  public ConfigValidator require(boolean condition, String field, String message) {
    if (!condition) {
      extra.add(new InvalidConfigException.Violation(field, message));
    }
    return this;
  }

  /**
   * Runs every check.
   *
   * @throws InvalidConfigException listing every violation, if there is any
   * @since 0.1.0
   */
  public void validate() {
    List<InvalidConfigException.Violation> violations = new ArrayList<>();
    for (ConstraintViolation violation : Validators.INSTANCE.check(annotated)) {
      violations.add(new InvalidConfigException.Violation(fieldOf(violation), violation.message()));
    }
    violations.sort(Comparator.comparing(InvalidConfigException.Violation::field));
    violations.addAll(extra);
    if (!violations.isEmpty()) {
      throw new InvalidConfigException(provider, config.getClass().getSimpleName(), violations);
    }
  }

  private static String fieldOf(ConstraintViolation violation) {
    String path = violation.path();
    return path == null || path.isEmpty() ? violation.field() : path;
  }

  /** The validator, built once on first use; thread-safe and immutable. */
  private static final class Validators {
    private static final Validator INSTANCE = Validator.builder().build();
  }
}
