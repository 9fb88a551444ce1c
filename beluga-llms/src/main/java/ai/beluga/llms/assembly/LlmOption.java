package ai.beluga.llms.assembly;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.middleware.Middleware;
import ai.beluga.llms.middleware.RateLimiter;
import ai.beluga.llms.middleware.RetryPolicy;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An option for a factory in {@link Llms}: what is not provider config but shapes how a model runs (the HTTP client,
 * clock, scheduler, user middleware, retries, a rate limiter, a health check on creation, OpenTelemetry, content
 * capture, trace propagation).
 *
 * <p>Flags are constants of {@link Flag}; options with a value come from the static factories. When an option is
 * given twice the last one wins, except {@link #middleware(Middleware...)}, which adds.
 *
 * <pre>{@code
 * ChatModel model = Mock.chatModel(config,
 *     LlmOption.httpClient(sharedClient),
 *     LlmOption.middleware(auditing),
 *     LlmOption.Flag.CHECK_HEALTH_ON_CREATE);
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface LlmOption {

  /**
   * Uses this HTTP client instead of the library's shared default. The client's own settings (proxy, SSL, executor)
   * apply; the connect timeout of the provider config is only used for the default client.
   *
   * @param client the client
   * @return the option
   * @since 0.1.0
   */
  static LlmOption httpClient(HttpClient client) {
    return new HttpClientOption(client);
  }

  /**
   * Uses this clock for timestamps and HTTP-date {@code Retry-After} values, for example a fixed clock in tests.
   *
   * @param clock the clock
   * @return the option
   * @since 0.1.0
   */
  static LlmOption clock(Clock clock) {
    return new ClockOption(clock);
  }

  /**
   * Uses this scheduler for delays and timeouts instead of the library's shared daemon scheduler.
   *
   * @param scheduler the scheduler; its tasks never block
   * @return the option
   * @since 0.1.0
   */
  static LlmOption scheduler(ScheduledExecutorService scheduler) {
    return new SchedulerOption(scheduler);
  }

  /**
   * Wraps the model in middleware; the first listed is the outermost. User middleware sits inside telemetry, the
   * health-check cache and retry (so that it sees every attempt) and outside the rate limiter (so that an answer it
   * gives by itself takes no permit).
   *
   * @param middleware the middleware, outermost first
   * @return the option
   * @since 0.1.0
   */
  static LlmOption middleware(Middleware... middleware) {
    return new MiddlewareOption(List.of(middleware));
  }

  /**
   * Sends metrics and spans to this {@code OpenTelemetry} instead of {@code GlobalOpenTelemetry}, which is used when
   * this option is absent. Give {@code OpenTelemetry.noop()} to switch telemetry off.
   *
   * @param openTelemetry the OpenTelemetry instance (an SDK, an agent's, or a no-op)
   * @return the option
   * @since 0.1.0
   */
  static LlmOption openTelemetry(OpenTelemetry openTelemetry) {
    return new OpenTelemetryOption(openTelemetry);
  }

  /**
   * Retries failed calls under this policy instead of {@link RetryPolicy#defaults()}. Retries are on by default;
   * {@code retry(RetryPolicy.none())} switches them off. The retry layer sits inside telemetry and outside the user's
   * middleware, so telemetry sees one call with its retries and middleware sees each attempt.
   *
   * @param policy the policy
   * @return the option
   * @since 0.1.0
   */
  static LlmOption retry(RetryPolicy policy) {
    return new RetryOption(policy);
  }

  /**
   * Sends every call through a client-side rate limiter, which may be shared: models built with the same limiter
   * spend from one budget. The limiter sits inside retry and the user's middleware, right around the provider, so
   * that each attempt takes a permit and a cached or short-circuited answer takes none. Off by default.
   *
   * <pre>{@code
   * RateLimiter limiter = RateLimiter.builder().requestsPerInterval(60, Duration.ofMinutes(1)).build();
   * ChatModel model = OpenAi.chatModel(config, LlmOption.rateLimiter(limiter));
   * }</pre>
   *
   * @param limiter the limiter
   * @return the option
   * @since 0.1.0
   */
  static LlmOption rateLimiter(RateLimiter limiter) {
    return new RateLimiterOption(limiter);
  }

  /**
   * Sets how a model's {@code checkHealth()} is cached: a status is reused for {@code ttl} (default 30 s; zero probes
   * every time), and a healthy probe slower than {@code slowThreshold} (default 5 s) is reported as degraded.
   *
   * @param ttl how long a status is reused, not negative
   * @param slowThreshold the latency above which a healthy probe is degraded, not negative
   * @return the option
   * @since 0.1.0
   */
  static LlmOption healthCheck(java.time.Duration ttl, java.time.Duration slowThreshold) {
    return new HealthCheckOption(ttl, slowThreshold);
  }

  /**
   * Flags: options that are on when given.
   *
   * @since 0.1.0
   */
  enum Flag implements LlmOption {
    /**
     * Runs a health check when the factory builds the model and fails with the check's error code (for example
     * {@code AUTHENTICATION} for a wrong key) when it is unhealthy.
     */
    CHECK_HEALTH_ON_CREATE,
    /**
     * Records the conversation on spans: {@code gen_ai.input.messages}, {@code gen_ai.output.messages},
     * {@code gen_ai.system_instructions} and {@code gen_ai.tool.definitions}, as JSON, each text capped in size. Off by
     * default; also on when the environment variable {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT} is
     * {@code true}. Content may hold personal data: turn it on knowingly.
     */
    CAPTURE_MESSAGE_CONTENT,
    /**
     * Sends the W3C trace context ({@code traceparent}, {@code tracestate}) of the call's span to the provider with
     * each request. Off by default, since a provider has no use for it unless it joins your traces.
     */
    PROPAGATE_TRACE_CONTEXT
  }

  /**
   * The HTTP client option.
   *
   * @param client the client
   * @since 0.1.0
   */
  record HttpClientOption(HttpClient client) implements LlmOption {
    /**
     * Checks the client is present.
     *
     * @param client the client
     */
    public HttpClientOption {
      Objects.requireNonNull(client, "client");
    }
  }

  /**
   * The clock option.
   *
   * @param clock the clock
   * @since 0.1.0
   */
  record ClockOption(Clock clock) implements LlmOption {
    /**
     * Checks the clock is present.
     *
     * @param clock the clock
     */
    public ClockOption {
      Objects.requireNonNull(clock, "clock");
    }
  }

  /**
   * The scheduler option.
   *
   * @param scheduler the scheduler
   * @since 0.1.0
   */
  record SchedulerOption(ScheduledExecutorService scheduler) implements LlmOption {
    /**
     * Checks the scheduler is present.
     *
     * @param scheduler the scheduler
     */
    public SchedulerOption {
      Objects.requireNonNull(scheduler, "scheduler");
    }
  }

  /**
   * The OpenTelemetry option.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @since 0.1.0
   */
  record OpenTelemetryOption(OpenTelemetry openTelemetry) implements LlmOption {
    /**
     * Checks the instance is present.
     *
     * @param openTelemetry the OpenTelemetry instance
     */
    public OpenTelemetryOption {
      Objects.requireNonNull(openTelemetry, "openTelemetry");
    }
  }

  /**
   * The retry option.
   *
   * @param policy the policy
   * @since 0.1.0
   */
  record RetryOption(RetryPolicy policy) implements LlmOption {
    /**
     * Checks the policy is present.
     *
     * @param policy the policy
     */
    public RetryOption {
      Objects.requireNonNull(policy, "policy");
    }
  }

  /**
   * The rate limiter option.
   *
   * @param limiter the limiter
   * @since 0.1.0
   */
  record RateLimiterOption(RateLimiter limiter) implements LlmOption {
    /**
     * Checks the limiter is present.
     *
     * @param limiter the limiter
     */
    public RateLimiterOption {
      Objects.requireNonNull(limiter, "limiter");
    }
  }

  /**
   * The health check caching option.
   *
   * @param ttl how long a status is reused
   * @param slowThreshold the latency above which a healthy probe is degraded
   * @since 0.1.0
   */
  record HealthCheckOption(java.time.Duration ttl, java.time.Duration slowThreshold) implements LlmOption {
    /**
     * Checks the durations are present and not negative.
     *
     * @param ttl how long a status is reused
     * @param slowThreshold the latency above which a healthy probe is degraded
     */
    public HealthCheckOption {
      Objects.requireNonNull(ttl, "ttl");
      Objects.requireNonNull(slowThreshold, "slowThreshold");
      if (ttl.isNegative() || slowThreshold.isNegative()) {
        throw new IllegalArgumentException("health check durations must not be negative");
      }
    }
  }

  /**
   * The middleware option.
   *
   * @param middleware the middleware, outermost first
   * @since 0.1.0
   */
  record MiddlewareOption(List<Middleware> middleware) implements LlmOption {
    /**
     * Copies the list.
     *
     * @param middleware the middleware, outermost first
     */
    public MiddlewareOption {
      middleware = List.copyOf(middleware);
    }
  }
}
