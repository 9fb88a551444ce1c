package ai.beluga.llms.assembly;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.health.CachingHealthChecker;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.internal.Defaults;
import ai.beluga.llms.middleware.Middleware;
import ai.beluga.llms.middleware.RateLimiter;
import ai.beluga.llms.middleware.RateLimitingChatModel;
import ai.beluga.llms.middleware.RetryPolicy;
import ai.beluga.llms.middleware.RetryingChatModel;
import ai.beluga.llms.observability.InstrumentedChatModel;
import ai.beluga.llms.spi.CallDefaults;
import ai.beluga.llms.spi.ProviderContext;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one visible place where the {@link LlmOption}s are resolved and the default stack is put around a provider's
 * bare model. Every factory uses it: {@link Llms#create}, {@link Llms#wrap} and each provider's own entry point (such
 * as {@code OpenAi.chatModel(config, options...)}), including providers in other modules.
 *
 * <p>From the outside in: telemetry ({@link InstrumentedChatModel}), the health-check cache, retry
 * ({@link RetryingChatModel}, on by default, off with {@code RetryPolicy.none()}), then the user's middleware (the
 * first listed is the outermost), then the rate limiter ({@link RateLimitingChatModel}, only with
 * {@link LlmOption#rateLimiter}), then the provider. Retry sits outside the user's middleware so that middleware sees
 * every attempt; telemetry sits outside retry so that one call is one span, with each retry as an event. The rate
 * limiter is innermost so that it counts exactly what reaches the provider: every attempt, and nothing a user's
 * middleware answers by itself.
 *
 * <p>What the stack asks of the provider's model it reads once, here, through {@link CallDefaults}: the call timeout
 * becomes the deadline across retries and rate-limit waits, and the configured retries set the retry policy when no
 * {@link LlmOption#retry} is given.
 *
 * <pre>{@code
 * // A provider's entry point:
 * public static ChatModel chatModel(MyConfig config, LlmOption... options) {
 *   ModelAssembly assembly = ModelAssembly.of(options);
 *   return assembly.assemble(new MyChatModel(config, assembly.context()));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ModelAssembly {
  private final HttpClient httpClient;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final List<Middleware> middleware;
  private final boolean checkHealthOnCreate;
  private final RetryPolicy retryPolicy;
  private final RateLimiter rateLimiter;
  private final Duration healthTtl;
  private final Duration healthSlowThreshold;
  private final OpenTelemetry openTelemetry;
  private final boolean captureContent;
  private final boolean propagateTraceContext;

  private ModelAssembly(LlmOption... options) {
    HttpClient client = null;
    Clock chosenClock = Clock.systemUTC();
    ScheduledExecutorService chosenScheduler = null;
    List<Middleware> chain = new ArrayList<>();
    boolean healthCheck = false;
    RetryPolicy retry = null;
    RateLimiter limiter = null;
    OpenTelemetry telemetry = null;
    boolean capture = false;
    boolean propagate = false;
    LlmOption.HealthCheckOption health = new LlmOption.HealthCheckOption(
        CachingHealthChecker.DEFAULT_TTL, CachingHealthChecker.DEFAULT_SLOW_THRESHOLD);
    for (LlmOption option : options) {
      if (option == null) {
        throw new NullPointerException("options must not contain null");
      } else if (option instanceof LlmOption.HttpClientOption) {
        client = ((LlmOption.HttpClientOption) option).client();
      } else if (option instanceof LlmOption.ClockOption) {
        chosenClock = ((LlmOption.ClockOption) option).clock();
      } else if (option instanceof LlmOption.SchedulerOption) {
        chosenScheduler = ((LlmOption.SchedulerOption) option).scheduler();
      } else if (option instanceof LlmOption.MiddlewareOption) {
        chain.addAll(((LlmOption.MiddlewareOption) option).middleware());
      } else if (option instanceof LlmOption.HealthCheckOption) {
        health = (LlmOption.HealthCheckOption) option;
      } else if (option instanceof LlmOption.RetryOption) {
        retry = ((LlmOption.RetryOption) option).policy();
      } else if (option instanceof LlmOption.RateLimiterOption) {
        limiter = ((LlmOption.RateLimiterOption) option).limiter();
      } else if (option instanceof LlmOption.OpenTelemetryOption) {
        telemetry = ((LlmOption.OpenTelemetryOption) option).openTelemetry();
      } else if (option == LlmOption.Flag.CHECK_HEALTH_ON_CREATE) {
        healthCheck = true;
      } else if (option == LlmOption.Flag.CAPTURE_MESSAGE_CONTENT) {
        capture = true;
      } else if (option == LlmOption.Flag.PROPAGATE_TRACE_CONTEXT) {
        propagate = true;
      }
    }
    this.httpClient = client;
    this.clock = chosenClock;
    this.scheduler = chosenScheduler;
    this.middleware = List.copyOf(chain);
    this.checkHealthOnCreate = healthCheck;
    this.retryPolicy = retry;
    this.rateLimiter = limiter;
    this.healthTtl = health.ttl();
    this.healthSlowThreshold = health.slowThreshold();
    this.openTelemetry = telemetry;
    this.captureContent = capture;
    this.propagateTraceContext = propagate;
  }

  /**
   * Resolves options once, for one model.
   *
   * @param options the options; when one is given twice the last wins, except middleware, which adds
   * @return the assembly
   * @throws NullPointerException if an option is null
   * @since 0.1.0
   */
  public static ModelAssembly of(LlmOption... options) {
    return new ModelAssembly(options);
  }

  /**
   * {@return the context to build the provider's bare model with: the HTTP client, clock and scheduler the options
   * chose, else the library's shared defaults}
   *
   * @since 0.1.0
   */
  public ProviderContext context() {
    return new ProviderContext(httpClient != null ? httpClient : Defaults.httpClient(), clock,
        scheduler != null ? scheduler : Defaults.scheduler());
  }

  /**
   * Wraps a provider's bare model in the default stack and runs the health check if
   * {@link LlmOption.Flag#CHECK_HEALTH_ON_CREATE} asks for it.
   *
   * @param provider the bare model; if it implements {@link CallDefaults}, the stack reads them here
   * @return the model to hand to the user
   * @throws LlmException with the probe's code when the health check on creation reports the model unhealthy
   * @throws IllegalStateException if a middleware returns null from {@link Middleware#wrap}
   * @since 0.1.0
   */
  public ChatModel assemble(ChatModel provider) {
    Objects.requireNonNull(provider, "provider");
    CallDefaults defaults = provider instanceof CallDefaults ? (CallDefaults) provider : null;
    ChatModel model = withRateLimit(provider, defaults);
    for (int i = middleware.size() - 1; i >= 0; i--) {
      ChatModel wrapped = middleware.get(i).wrap(model);
      if (wrapped == null) {
        throw new IllegalStateException("middleware " + middleware.get(i).getClass().getName()
            + " returned null from wrap(); it must return a model");
      }
      model = wrapped;
    }
    model = withRetries(model, defaults);
    model = new HealthCachingChatModel(model, new CachingHealthChecker(model, healthTtl, healthSlowThreshold, clock));
    model = openTelemetry != null
        ? InstrumentedChatModel.wrap(model, openTelemetry, captureContent, propagateTraceContext)
        : InstrumentedChatModel.wrap(model, captureContent, propagateTraceContext);
    if (checkHealthOnCreate) {
      HealthStatus status = model.checkHealth();
      if (status.state() == HealthStatus.State.UNHEALTHY) {
        throw LlmException.builder(status.errorCode().orElse(ErrorCode.NETWORK),
            "the health check on creation failed: " + status.detail().orElse("no detail"))
            .provider(model.provider()).model(model.model()).build();
      }
    }
    return model;
  }

  /** Adds the rate limiter, whose waits are bounded by the provider's call timeout when the provider declares one. */
  private ChatModel withRateLimit(ChatModel provider, CallDefaults defaults) {
    if (rateLimiter == null) {
      return provider;
    }
    return defaults != null
        ? new RateLimitingChatModel(provider, rateLimiter, defaults.callTimeout(), scheduler())
        : new RateLimitingChatModel(provider, rateLimiter, scheduler());
  }

  /** Adds the retry layer, whose deadline is the provider's call timeout when the provider declares one. */
  private ChatModel withRetries(ChatModel model, CallDefaults defaults) {
    RetryPolicy policy = retryPolicy;
    if (policy == null) {
      // No LlmOption.retry: the defaults, with the number of retries the provider's config asks for.
      policy = RetryPolicy.defaults();
      if (defaults != null && defaults.maxRetries().isPresent()) {
        policy = policy.toBuilder().maxAttempts(defaults.maxRetries().getAsInt() + 1).build();
      }
    }
    if (policy.maxAttempts() <= 1) {
      return model;
    }
    return defaults != null
        ? new RetryingChatModel(model, policy, defaults.callTimeout(), scheduler())
        : new RetryingChatModel(model, policy, scheduler());
  }

  private ScheduledExecutorService scheduler() {
    return scheduler != null ? scheduler : Defaults.scheduler();
  }
}
