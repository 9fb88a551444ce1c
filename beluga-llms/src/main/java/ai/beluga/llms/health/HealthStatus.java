package ai.beluga.llms.health;

import ai.beluga.llms.errors.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a health check: the state, how long the probe took, when it ran, a detail for humans, and the error
 * code when the probe failed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param state healthy, degraded or unhealthy
 * @param latency how long the probe took
 * @param checkedAt when the probe finished
 * @param detail a short explanation, such as the failure's message; never a credential
 * @param errorCode the failure's code, when the probe failed
 * @since 0.1.0
 */
public record HealthStatus(
    State state, Duration latency, Instant checkedAt, Optional<String> detail, Optional<ErrorCode> errorCode) {

  /**
   * Checks the parts are present.
   *
   * @param state healthy, degraded or unhealthy
   * @param latency how long the probe took
   * @param checkedAt when the probe finished
   * @param detail a short explanation, such as the failure's message; never a credential
   * @param errorCode the failure's code, when the probe failed
   */
  public HealthStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(errorCode, "errorCode");
  }

  /**
   * Creates a healthy status.
   *
   * @param latency how long the probe took
   * @param checkedAt when it finished
   * @return the status
   * @since 0.1.0
   */
  public static HealthStatus healthy(Duration latency, Instant checkedAt) {
    return new HealthStatus(State.HEALTHY, latency, checkedAt, Optional.empty(), Optional.empty());
  }

  /**
   * Creates a degraded status: the provider answers, but slowly or under rate limits.
   *
   * @param latency how long the probe took
   * @param checkedAt when it finished
   * @param detail why it is degraded
   * @param errorCode the code of the failure, if the probe failed with a retryable one such as {@code RATE_LIMIT}
   * @return the status
   * @since 0.1.0
   */
  public static HealthStatus degraded(Duration latency, Instant checkedAt, String detail, ErrorCode errorCode) {
    return new HealthStatus(State.DEGRADED, latency, checkedAt, Optional.of(detail), Optional.ofNullable(errorCode));
  }

  /**
   * Creates an unhealthy status.
   *
   * @param latency how long the probe took
   * @param checkedAt when it finished
   * @param detail why it is unhealthy
   * @param errorCode the code of the failure
   * @return the status
   * @since 0.1.0
   */
  public static HealthStatus unhealthy(Duration latency, Instant checkedAt, String detail, ErrorCode errorCode) {
    return new HealthStatus(State.UNHEALTHY, latency, checkedAt, Optional.of(detail),
        Optional.of(Objects.requireNonNull(errorCode, "errorCode")));
  }

  /**
   * {@return whether the state is {@link State#HEALTHY}}
   *
   * @since 0.1.0
   */
  public boolean isHealthy() {
    return state == State.HEALTHY;
  }

  /**
   * The three states of health.
   *
   * @since 0.1.0
   */
  public enum State {
    /** The probe succeeded promptly. */
    HEALTHY,
    /** The provider answers, but slowly or while rate limiting. */
    DEGRADED,
    /** The probe failed. */
    UNHEALTHY
  }
}
