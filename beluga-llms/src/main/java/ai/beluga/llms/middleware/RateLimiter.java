package ai.beluga.llms.middleware;

import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.schema.ContentPart;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolDefinition;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A client-side rate limit: at most so many requests, and optionally so many tokens, per interval, shared by every
 * model built with the same limiter. Give it to a factory with {@code LlmOption.rateLimiter(limiter)}; build one
 * limiter per provider account and hand the same instance to each model that spends from that account.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.builder()
 *     .requestsPerInterval(500, Duration.ofMinutes(1))
 *     .tokensPerInterval(200_000, Duration.ofMinutes(1))
 *     .build();
 * ChatModel fast = OpenAi.chatModel(miniConfig, LlmOption.rateLimiter(limiter));
 * ChatModel smart = OpenAi.chatModel(largeConfig, LlmOption.rateLimiter(limiter));   // same budget
 * }</pre>
 *
 * <p>Each budget is a bucket that holds at most one interval's worth and refills evenly over the interval: an idle
 * limiter lets a burst of a whole interval's requests through at once, and then one request every
 * {@code interval / requestsPerInterval}. A call takes one request and its estimated tokens from the buckets before it
 * is sent; when a bucket holds too little, the call waits ({@link Mode#WAIT}, the default) or fails at once with
 * {@code RATE_LIMIT} ({@link Mode#FAIL_FAST}). Waiting callers are served in the order they arrived.
 *
 * <p><b>Tokens</b> are estimated before the call by {@link #estimateTokens(ChatRequest)} (the input's characters
 * divided by four, plus the call's {@code maxOutputTokens}) and corrected by the usage the provider reports once the
 * call succeeds: a call that used more than its estimate leaves the bucket in debt, which later calls wait out. A call
 * estimated at more than a whole interval's tokens waits for a full bucket and then runs.
 *
 * <p>Immutable in its settings and thread-safe; the buckets are guarded by one lock, held only for arithmetic.
 *
 * @since 0.1.0
 */
public final class RateLimiter {
  private final int requestsPerInterval;
  private final Duration requestInterval;
  private final long tokensPerInterval;
  private final Duration tokenInterval;
  private final Mode mode;
  private final LongSupplier ticker;
  private final Object lock = new Object();
  private final Bucket requests;
  private final Bucket tokens;

  private RateLimiter(Builder builder) {
    this.requestsPerInterval = builder.requestsPerInterval;
    this.requestInterval = builder.requestInterval;
    this.tokensPerInterval = builder.tokensPerInterval;
    this.tokenInterval = builder.tokenInterval;
    this.mode = builder.mode;
    this.ticker = builder.ticker;
    long now = ticker.getAsLong();
    this.requests = requestInterval == null ? null : new Bucket(requestsPerInterval, requestInterval, now);
    this.tokens = tokenInterval == null ? null : new Bucket(tokensPerInterval, tokenInterval, now);
  }

  /**
   * {@return a builder; set at least one of the request and token limits}
   *
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return what a call does when no permit is free}
   *
   * @since 0.1.0
   */
  public Mode mode() {
    return mode;
  }

  /**
   * {@return the most requests per {@link #requestInterval()}, or empty when requests are not limited}
   *
   * @since 0.1.0
   */
  public OptionalInt requestsPerInterval() {
    return requests == null ? OptionalInt.empty() : OptionalInt.of(requestsPerInterval);
  }

  /**
   * {@return the interval of the request limit, or {@code Duration.ZERO} when requests are not limited}
   *
   * @since 0.1.0
   */
  public Duration requestInterval() {
    return requests == null ? Duration.ZERO : requestInterval;
  }

  /**
   * {@return the most tokens per {@link #tokenInterval()}, or empty when tokens are not limited}
   *
   * @since 0.1.0
   */
  public OptionalLong tokensPerInterval() {
    return tokens == null ? OptionalLong.empty() : OptionalLong.of(tokensPerInterval);
  }

  /**
   * {@return the interval of the token limit, or {@code Duration.ZERO} when tokens are not limited}
   *
   * @since 0.1.0
   */
  public Duration tokenInterval() {
    return tokens == null ? Duration.ZERO : tokenInterval;
  }

  /**
   * Estimates the tokens a call will spend, before it is sent: the characters of its messages (text, tool calls,
   * tool results, readable reasoning), tool definitions and response schema, divided by four and rounded up, plus the
   * call's own {@code ChatOptions.maxOutputTokens} (zero when unset). Images and documents count nothing. A model's
   * configured default options are not seen here; the usage reported after the call corrects the estimate.
   *
   * @param request the request
   * @return the estimate, not negative
   * @since 0.1.0
   */
  public static long estimateTokens(ChatRequest request) {
    long chars = 0;
    for (Message message : request.messages()) {
      chars += chars(message);
    }
    for (ToolDefinition tool : request.tools()) {
      chars += tool.name().length() + tool.description().length() + tool.parameters().json().length();
    }
    if (request.responseFormat().isPresent()
        && request.responseFormat().get() instanceof ResponseFormat.JsonSchemaFormat) {
      chars += ((ResponseFormat.JsonSchemaFormat) request.responseFormat().get()).schema().json().length();
    }
    return (chars + 3) / 4 + request.options().maxOutputTokens().orElse(0);
  }

  @Override
  public String toString() {
    return "RateLimiter[" + limits() + ", " + mode + "]";
  }

  /**
   * Takes one request and {@code estimatedTokens} from the buckets, or fails. The returned permit says how long the
   * caller must wait before sending; the buckets are charged already, so callers behind it wait their turn.
   *
   * @param estimatedTokens the call's token estimate
   * @param maxWaitNanos the longest the call may wait (the time left before its deadline), or negative for no bound
   * @param provider the provider, for the error
   * @param model the model, for the error
   * @return the permit
   * @throws LlmException {@code RATE_LIMIT}, with the wait as its retry hint, in {@link Mode#FAIL_FAST} when the
   *     call would have to wait, or when the wait would reach the call's deadline
   */
  Permit acquire(long estimatedTokens, long maxWaitNanos, String provider, String model) {
    long wait = 0;
    synchronized (lock) {
      long now = ticker.getAsLong();
      if (requests != null) {
        requests.refill(now);
        wait = requests.waitFor(1);
      }
      if (tokens != null) {
        tokens.refill(now);
        wait = Math.max(wait, tokens.waitFor(estimatedTokens));
      }
      boolean refused = wait > 0 && (mode == Mode.FAIL_FAST || (maxWaitNanos >= 0 && wait >= maxWaitNanos));
      if (!refused) {
        if (requests != null) {
          requests.available -= 1;
        }
        if (tokens != null) {
          tokens.available -= estimatedTokens;
        }
        return new Permit(wait, estimatedTokens);
      }
    }
    String reason = mode == Mode.FAIL_FAST
        ? "the client-side rate limiter (" + limits() + ") has no permit free for another " + millis(wait)
            + " ms; retry after retryAfter(), or build the limiter with Mode.WAIT to wait instead"
        : "waiting " + millis(wait) + " ms for the client-side rate limiter (" + limits() + ") would pass the call's"
            + " deadline, " + millis(maxWaitNanos) + " ms away; raise the call's timeout or the limit";
    throw LlmException.builder(ErrorCode.RATE_LIMIT, reason).provider(provider).model(model)
        .retryAfter(Duration.ofNanos(wait)).build();
  }

  /**
   * Gives back a permit whose call was never sent (cancelled while waiting).
   *
   * @param permit the permit
   */
  void release(Permit permit) {
    synchronized (lock) {
      long now = ticker.getAsLong();
      if (requests != null) {
        requests.refill(now);
        requests.give(1);
      }
      if (tokens != null) {
        tokens.refill(now);
        tokens.give(permit.estimatedTokens);
      }
    }
  }

  /**
   * Corrects a permit's token estimate with the usage the provider reported: the difference is charged or given
   * back. Usage without a total (or input and output counts) leaves the estimate standing.
   *
   * @param permit the permit
   * @param usage the reported usage
   */
  void settle(Permit permit, Usage usage) {
    if (tokens == null || usage.totalTokens().isEmpty()) {
      return;
    }
    long difference = usage.totalTokens().getAsLong() - permit.estimatedTokens;
    if (difference == 0) {
      return;
    }
    synchronized (lock) {
      tokens.refill(ticker.getAsLong());
      if (difference > 0) {
        tokens.available -= difference;
      } else {
        tokens.give(-difference);
      }
    }
  }

  private String limits() {
    StringBuilder text = new StringBuilder();
    if (requests != null) {
      text.append(requestsPerInterval).append(" requests per ").append(requestInterval.toMillis()).append(" ms");
    }
    if (tokens != null) {
      text.append(text.length() > 0 ? ", " : "").append(tokensPerInterval).append(" tokens per ")
          .append(tokenInterval.toMillis()).append(" ms");
    }
    return text.toString();
  }

  private static long millis(long nanos) {
    // Rounded up, so that a wait of a fraction of a millisecond never reads as 0 ms.
    return TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
  }

  private static long chars(Message message) {
    if (message instanceof Message.System) {
      return ((Message.System) message).text().length();
    }
    if (message instanceof Message.User) {
      long chars = 0;
      for (ContentPart part : ((Message.User) message).content()) {
        if (part instanceof ContentPart.Text) {
          chars += ((ContentPart.Text) part).text().length();
        }
      }
      return chars;
    }
    if (message instanceof Message.Assistant) {
      Message.Assistant assistant = (Message.Assistant) message;
      long chars = assistant.text().length();
      for (Reasoning reasoning : assistant.reasoning()) {
        chars += reasoning.text().length();
      }
      for (ToolCall call : assistant.toolCalls()) {
        chars += call.name().length() + call.arguments().length();
      }
      return chars;
    }
    return ((Message.ToolResult) message).content().length();
  }

  /**
   * What a call does when the limiter has no permit free for it.
   *
   * @since 0.1.0
   */
  public enum Mode {
    /**
     * The call waits for its turn, without holding a thread for {@code chatAsync} and streams, and fails with
     * {@code RATE_LIMIT} only when the wait would pass its deadline.
     */
    WAIT,
    /** The call fails at once with {@code RATE_LIMIT}, whose {@code retryAfter()} is the time until a permit. */
    FAIL_FAST
  }

  /**
   * Builds a {@link RateLimiter}. Set at least one limit.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int requestsPerInterval;
    private Duration requestInterval;
    private long tokensPerInterval;
    private Duration tokenInterval;
    private Mode mode = Mode.WAIT;
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /**
     * Allows at most this many requests per interval.
     *
     * @param requestsPerInterval the most requests, at least 1
     * @param interval the interval, positive
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     * @since 0.1.0
     */
    public Builder requestsPerInterval(int requestsPerInterval, Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (requestsPerInterval < 1 || interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("the request limit needs at least 1 request per a positive interval, was "
            + requestsPerInterval + " per " + interval);
      }
      this.requestsPerInterval = requestsPerInterval;
      this.requestInterval = interval;
      return this;
    }

    /**
     * Allows at most this many tokens (input and output) per interval. Off by default.
     *
     * @param tokensPerInterval the most tokens, at least 1
     * @param interval the interval, positive
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     * @since 0.1.0
     */
    public Builder tokensPerInterval(long tokensPerInterval, Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (tokensPerInterval < 1 || interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("the token limit needs at least 1 token per a positive interval, was "
            + tokensPerInterval + " per " + interval);
      }
      this.tokensPerInterval = tokensPerInterval;
      this.tokenInterval = interval;
      return this;
    }

    /**
     * Sets what a call does when no permit is free. The default is {@link Mode#WAIT}.
     *
     * @param mode the mode
     * @return this builder
     * @since 0.1.0
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Reads time from this source of nanoseconds instead of {@code System::nanoTime}, for example a manual ticker in
     * tests. Only differences between its values matter. Waits themselves still take real time.
     *
     * @param ticker a monotonic source of nanoseconds
     * @return this builder
     * @since 0.1.0
     */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the limiter, with full buckets.
     *
     * @return the limiter
     * @throws IllegalStateException if neither a request nor a token limit is set
     * @since 0.1.0
     */
    public RateLimiter build() {
      if (requestInterval == null && tokenInterval == null) {
        throw new IllegalStateException("a rate limiter needs a request limit, a token limit or both;"
            + " call requestsPerInterval(...) or tokensPerInterval(...)");
      }
      return new RateLimiter(this);
    }
  }

  /** What one call took from the buckets: how long it must wait, and its token estimate. */
  static final class Permit {
    final long waitNanos;
    final long estimatedTokens;

    Permit(long waitNanos, long estimatedTokens) {
      this.waitNanos = waitNanos;
      this.estimatedTokens = estimatedTokens;
    }
  }

  /**
   * One budget: holds at most {@code capacity} and refills at {@code capacity} per interval. {@code available} goes
   * below zero when calls are waiting for their turn or used more than estimated. Guarded by the limiter's lock.
   */
  private static final class Bucket {
    final double capacity;
    final double perNano;
    double available;
    long updatedAt;

    Bucket(long capacity, Duration interval, long now) {
      this.capacity = capacity;
      this.perNano = capacity / (double) interval.toNanos();
      this.available = capacity;
      this.updatedAt = now;
    }

    void refill(long now) {
      long elapsed = now - updatedAt;
      if (elapsed > 0) {
        available = Math.min(capacity, available + elapsed * perNano);
        updatedAt = now;
      }
    }

    /** The wait until the bucket holds {@code amount}, or its capacity when the amount is larger. */
    long waitFor(double amount) {
      double needed = Math.min(amount, capacity);
      return available >= needed ? 0 : (long) Math.ceil((needed - available) / perNano);
    }

    void give(double amount) {
      available = Math.min(capacity, available + amount);
    }
  }
}
