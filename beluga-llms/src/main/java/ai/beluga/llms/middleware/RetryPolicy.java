package ai.beluga.llms.middleware;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How {@link RetryingChatModel} retries a failed call: how many attempts, which error codes, how long to wait between
 * attempts (exponential backoff with full jitter and a cap), and whether to honour the provider's retry hint.
 *
 * <p>The defaults ({@link #defaults()}): 3 attempts (2 retries), backoff starting at 500 ms and doubling up to 8 s, full
 * jitter (each wait is drawn uniformly between zero and the backoff), the codes that are retryable by
 * {@link ErrorCode#retryable()} ({@code RATE_LIMIT}, {@code OVERLOADED}, {@code SERVER_ERROR}, {@code TIMEOUT},
 * {@code NETWORK}), and the provider's {@link LlmException#retryAfter()} hint honoured up to 60 s. A hint longer than
 * {@link #maxRetryAfter()} ends the retries: the error is thrown at once, with its hint, rather than retried too early.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .maxAttempts(5)
 *     .initialDelay(Duration.ofSeconds(1))
 *     .maxDelay(Duration.ofSeconds(30))
 *     .build();
 * ChatModel model = Mock.chatModel(config, LlmOption.retry(policy));
 * ChatModel noRetries = Mock.chatModel(config, LlmOption.retry(RetryPolicy.none()));
 * }</pre>
 *
 * @param maxAttempts the most attempts a call makes, the first included; 1 means no retry
 * @param initialDelay the backoff before the first retry
 * @param maxDelay the cap on the backoff
 * @param multiplier how much the backoff grows per retry, at least 1
 * @param jitter how the backoff is randomized
 * @param retryOn the codes that are retried
 * @param respectRetryAfter whether the provider's retry hint replaces the backoff
 * @param maxRetryAfter the longest hint honoured; a longer one ends the retries
 * @param listener told of each retry
 * @since 0.1.0
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    Duration maxDelay,
    double multiplier,
    Jitter jitter,
    Set<ErrorCode> retryOn,
    boolean respectRetryAfter,
    Duration maxRetryAfter,
    RetryListener listener) {

  /** The default number of attempts: the first and {@code HttpProviderConfig.DEFAULT_MAX_RETRIES} retries. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** The default backoff before the first retry. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(500);
  /** The default cap on the backoff. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(8);
  /** The default growth of the backoff per retry. */
  public static final double DEFAULT_MULTIPLIER = 2.0;
  /** The default longest retry hint honoured. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private static final Set<ErrorCode> RETRYABLE = retryableCodes();
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  /**
   * Checks and copies the parts.
   *
   * @param maxAttempts the most attempts a call makes, the first included; 1 means no retry
   * @param initialDelay the backoff before the first retry
   * @param maxDelay the cap on the backoff
   * @param multiplier how much the backoff grows per retry, at least 1
   * @param jitter how the backoff is randomized
   * @param retryOn the codes that are retried
   * @param respectRetryAfter whether the provider's retry hint replaces the backoff
   * @param maxRetryAfter the longest hint honoured; a longer one ends the retries
   * @param listener told of each retry
   * @throws IllegalArgumentException if a count or duration is out of range
   */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    requireNotNegative(initialDelay, "initialDelay");
    requireNotNegative(maxDelay, "maxDelay");
    requireNotNegative(maxRetryAfter, "maxRetryAfter");
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
    }
    Objects.requireNonNull(jitter, "jitter");
    retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * {@return the default policy: 3 attempts, 500 ms doubling to 8 s with full jitter, retry hints up to 60 s}
   *
   * @since 0.1.0
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * {@return a policy that never retries: give it to {@code LlmOption.retry} to switch retries off}
   *
   * @since 0.1.0
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * {@return a builder starting from the defaults}
   *
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a builder starting from this policy}
   *
   * @since 0.1.0
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialDelay = initialDelay;
    b.maxDelay = maxDelay;
    b.multiplier = multiplier;
    b.jitter = jitter;
    b.retryOn = retryOn;
    b.respectRetryAfter = respectRetryAfter;
    b.maxRetryAfter = maxRetryAfter;
    b.listener = listener;
    return b;
  }

  /**
   * Whether an error may be retried at all under this policy, leaving attempts and time aside.
   *
   * @param error the failure
   * @return whether its code is one to retry, and any retry hint it carries is short enough to honour
   * @since 0.1.0
   */
  public boolean retries(LlmException error) {
    if (!retryOn.contains(error.code())) {
      return false;
    }
    Optional<Duration> hint = error.retryAfter();
    return !(respectRetryAfter && hint.isPresent() && hint.get().compareTo(maxRetryAfter) > 0);
  }

  /**
   * The wait before the next attempt: the provider's hint when it gives one and the policy honours it, else the
   * jittered backoff for this retry.
   *
   * @param retry the number of the retry to come, from 1
   * @param error the failure that caused it
   * @return the wait, never negative
   * @since 0.1.0
   */
  public Duration delayBefore(int retry, LlmException error) {
    if (respectRetryAfter && error.retryAfter().isPresent()) {
      Duration hint = error.retryAfter().get();
      return hint.isNegative() ? Duration.ZERO : hint;
    }
    return jitter.apply(backoff(retry));
  }

  /**
   * The backoff before a retry, without jitter: {@code initialDelay * multiplier^(retry - 1)}, capped at
   * {@code maxDelay}.
   *
   * @param retry the number of the retry, from 1
   * @return the backoff
   * @since 0.1.0
   */
  public Duration backoff(int retry) {
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
    long cap = maxDelay.toNanos();
    return Duration.ofNanos(nanos >= cap ? cap : (long) nanos);
  }

  private static Set<ErrorCode> retryableCodes() {
    Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
    for (ErrorCode code : ErrorCode.values()) {
      if (code.retryable()) {
        codes.add(code);
      }
    }
    return Set.copyOf(codes);
  }

  private static void requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }

  /**
   * How the backoff is randomized, so that clients that failed together do not retry together.
   *
   * @since 0.1.0
   */
  public enum Jitter {
    /** Each wait is drawn uniformly between zero and the backoff ("full jitter"). */
    FULL,
    /** Each wait is the backoff itself; useful in tests. */
    NONE;

    Duration apply(Duration backoff) {
      if (this == NONE || backoff.isZero()) {
        return backoff;
      }
      return Duration.ofNanos(ThreadLocalRandom.current().nextLong(backoff.toNanos() + 1));
    }
  }

  /**
   * Builds a {@link RetryPolicy}, starting from the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double multiplier = DEFAULT_MULTIPLIER;
    private Jitter jitter = Jitter.FULL;
    private Set<ErrorCode> retryOn = RETRYABLE;
    private boolean respectRetryAfter = true;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private RetryListener listener = RetryListener.NONE;

    private Builder() {}

    /**
     * Sets the most attempts a call makes, the first included.
     *
     * @param maxAttempts at least 1; 1 means no retry
     * @return this builder
     * @since 0.1.0
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the backoff before the first retry.
     *
     * @param initialDelay the delay, not negative
     * @return this builder
     * @since 0.1.0
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
      return this;
    }

    /**
     * Sets the cap on the backoff.
     *
     * @param maxDelay the cap, not negative
     * @return this builder
     * @since 0.1.0
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    /**
     * Sets how much the backoff grows per retry.
     *
     * @param multiplier at least 1
     * @return this builder
     * @since 0.1.0
     */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /**
     * Sets how the backoff is randomized.
     *
     * @param jitter the jitter
     * @return this builder
     * @since 0.1.0
     */
    public Builder jitter(Jitter jitter) {
      this.jitter = jitter;
      return this;
    }

    /**
     * Sets the codes that are retried, replacing the default of every retryable code. A code that is not retryable by
     * nature (such as {@code AUTHENTICATION}) may be listed, but rarely should be.
     *
     * @param codes the codes
     * @return this builder
     * @since 0.1.0
     */
    public Builder retryOn(Set<ErrorCode> codes) {
      this.retryOn = Set.copyOf(codes);
      return this;
    }

    /**
     * Sets whether the provider's retry hint ({@code Retry-After}, {@code retry-after-ms}, Gemini's
     * {@code retryDelay}) replaces the backoff.
     *
     * @param respectRetryAfter true to honour hints
     * @return this builder
     * @since 0.1.0
     */
    public Builder respectRetryAfter(boolean respectRetryAfter) {
      this.respectRetryAfter = respectRetryAfter;
      return this;
    }

    /**
     * Sets the longest retry hint honoured; an error with a longer hint is not retried.
     *
     * @param maxRetryAfter the cap, not negative
     * @return this builder
     * @since 0.1.0
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /**
     * Sets the listener told of each retry.
     *
     * @param listener the listener
     * @return this builder
     * @since 0.1.0
     */
    public Builder listener(RetryListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * {@return the policy}
     *
     * @throws IllegalArgumentException if a count or duration is out of range
     * @since 0.1.0
     */
    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, initialDelay, maxDelay, multiplier, jitter, retryOn, respectRetryAfter,
          maxRetryAfter, listener);
    }
  }
}
