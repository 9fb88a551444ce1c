package ai.beluga.llms.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link HealthChecker} that remembers another checker's last status for a while, so that a load balancer or a
 * readiness endpoint polling every second does not send a probe to the provider every second. A status that came back
 * healthy but slower than a threshold is reported as degraded.
 *
 * <p>Every factory in {@code Llms} puts one in front of the model's probe, with {@link #DEFAULT_TTL} and
 * {@link #DEFAULT_SLOW_THRESHOLD}; {@code LlmOption.healthCheck(ttl, slowThreshold)} changes them.
 *
 * <pre>{@code
 * HealthChecker cached = new CachingHealthChecker(model, Duration.ofSeconds(30), Duration.ofSeconds(2),
 *     Clock.systemUTC());
 * }</pre>
 *
 * <p>Thread-safe: concurrent callers on an expired entry may each run a probe; the last one wins.
 *
 * @since 0.1.0
 */
public final class CachingHealthChecker implements HealthChecker {
  /** How long a status is reused by default. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
  /** The probe latency above which a healthy answer is reported as degraded, by default. */
  public static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofSeconds(5);

  private final HealthChecker delegate;
  private final Duration ttl;
  private final Duration slowThreshold;
  private final Clock clock;
  private volatile HealthStatus last;

  /**
   * Creates the checker.
   *
   * @param delegate the checker that probes
   * @param ttl how long a status is reused; zero probes every time
   * @param slowThreshold the latency above which a healthy status becomes degraded
   * @param clock the clock that ages the cached status
   * @throws IllegalArgumentException if a duration is negative
   * @since 0.1.0
   */
  public CachingHealthChecker(HealthChecker delegate, Duration ttl, Duration slowThreshold, Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.ttl = requireNotNegative(ttl, "ttl");
    this.slowThreshold = requireNotNegative(slowThreshold, "slowThreshold");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the cached status while it is younger than the time to live, else probes.
   *
   * @return the status
   */
  @Override
  public HealthStatus checkHealth() {
    HealthStatus cached = last;
    Instant now = clock.instant();
    if (cached != null && Duration.between(cached.checkedAt(), now).compareTo(ttl) < 0) {
      return cached;
    }
    HealthStatus fresh = delegate.checkHealth();
    if (fresh.isHealthy() && fresh.latency().compareTo(slowThreshold) > 0) {
      fresh = HealthStatus.degraded(fresh.latency(), fresh.checkedAt(), "the probe took "
          + fresh.latency().toMillis() + " ms, more than " + slowThreshold.toMillis() + " ms", null);
    }
    if (fresh.errorCode().map(code -> code != ai.beluga.llms.errors.ErrorCode.CANCELLED).orElse(true)) {
      // An interrupted probe says nothing about the provider: do not keep it.
      last = fresh;
    }
    return fresh;
  }

  private static Duration requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }
}
