package ai.beluga.llms.internal;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.LlmOption;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.middleware.Middleware;
import ai.beluga.llms.middleware.RateLimiter;
import ai.beluga.llms.middleware.RateLimitingChatModel;
import ai.beluga.llms.observability.InstrumentedChatModel;
import ai.beluga.llms.middleware.RetryPolicy;
import ai.beluga.llms.middleware.RetryingChatModel;
import ai.beluga.llms.spi.ProviderContext;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Internal API: may change in any release.
 *
 * <p>The one visible place where a factory's options are resolved and the middleware stack is assembled around a bare
 * provider model. From the outside in: telemetry ({@code InstrumentedChatModel}), the health-check cache, retry
 * ({@link RetryingChatModel}, on by default, off with {@code RetryPolicy.none()}), then the user's middleware (first
 * listed outermost), then the rate limiter ({@link RateLimitingChatModel}, only with {@code LlmOption.rateLimiter}),
 * then the provider. Retry sits outside the user's middleware so that middleware sees every attempt; telemetry sits
 * outside retry so that one call is one span, with each retry as an event. The rate limiter is innermost so that it
 * counts exactly what reaches the provider: every attempt, and nothing a user's middleware answers by itself.
 */
public final class ModelAssembly {
  private final HttpClient httpClient;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final List<Middleware> middleware;
  private final boolean checkHealthOnCreate;
  private final LlmOption[] options;
  private final RetryPolicy retryPolicy;
  private final RateLimiter rateLimiter;
  private final java.time.Duration healthTtl;
  private final java.time.Duration healthSlowThreshold;

  private ModelAssembly(LlmOption... options) {
    this.options = options.clone();
    HttpClient client = null;
    Clock chosenClock = Clock.systemUTC();
    ScheduledExecutorService chosenScheduler = null;
    List<Middleware> chain = new ArrayList<>();
    boolean healthCheck = false;
    RetryPolicy retry = null;
    RateLimiter limiter = null;
    LlmOption.HealthCheckOption health = new LlmOption.HealthCheckOption(
        ai.beluga.llms.health.CachingHealthChecker.DEFAULT_TTL,
        ai.beluga.llms.health.CachingHealthChecker.DEFAULT_SLOW_THRESHOLD);
    for (LlmOption option : options) {
      if (option instanceof LlmOption.HttpClientOption) {
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
      } else if (option == LlmOption.Flag.CHECK_HEALTH_ON_CREATE) {
        healthCheck = true;
      } else if (option == null) {
        throw new NullPointerException("options must not contain null");
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
  }

  /**
   * Resolves options.
   *
   * @param options the factory's options
   * @return the resolved assembly
   */
  public static ModelAssembly of(LlmOption... options) {
    return new ModelAssembly(options);
  }

  /**
   * {@return the context a provider is built with}
   */
  public ProviderContext context() {
    return new ProviderContext(httpClient != null ? httpClient : Defaults.httpClient(), clock,
        scheduler != null ? scheduler : Defaults.scheduler());
  }

  /**
   * {@return whether the caller gave its own HTTP client}
   */
  public boolean hasOwnHttpClient() {
    return httpClient != null;
  }

  /**
   * Wraps a bare provider model in the middleware stack and runs the health check if asked.
   *
   * @param provider the bare model
   * @return the model to hand to the user
   */
  public ChatModel assemble(ChatModel provider) {
    ChatModel model = withRateLimit(provider);
    for (int i = middleware.size() - 1; i >= 0; i--) {
      ChatModel wrapped = middleware.get(i).wrap(model);
      if (wrapped == null) {
        throw new IllegalStateException("middleware " + middleware.get(i).getClass().getName()
            + " returned null from wrap(); it must return a model");
      }
      model = wrapped;
    }
    model = withRetries(model, provider);
    model = new HealthCachingChatModel(model,
        new ai.beluga.llms.health.CachingHealthChecker(model, healthTtl, healthSlowThreshold, clock));
    model = InstrumentedChatModel.wrap(model, options);
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

  /** Adds the rate limiter, whose waits are bounded by the provider's default timeout when the provider tells it. */
  private ChatModel withRateLimit(ChatModel provider) {
    if (rateLimiter == null) {
      return provider;
    }
    ScheduledExecutorService limiterScheduler = scheduler != null ? scheduler : Defaults.scheduler();
    return provider instanceof DefaultTimeout
        ? new RateLimitingChatModel(provider, rateLimiter, ((DefaultTimeout) provider).defaultTimeout(),
            limiterScheduler)
        : new RateLimitingChatModel(provider, rateLimiter, limiterScheduler);
  }

  /** Adds the retry layer, whose deadline is the provider's default timeout when the provider tells it. */
  private ChatModel withRetries(ChatModel model, ChatModel provider) {
    RetryPolicy policy = retryPolicy;
    if (policy == null) {
      // No LlmOption.retry: the defaults, with the number of retries the provider's config asks for.
      policy = RetryPolicy.defaults();
      if (provider instanceof DefaultTimeout && ((DefaultTimeout) provider).configuredMaxRetries().isPresent()) {
        policy = policy.toBuilder()
            .maxAttempts(((DefaultTimeout) provider).configuredMaxRetries().getAsInt() + 1).build();
      }
    }
    if (policy.maxAttempts() <= 1) {
      return model;
    }
    ScheduledExecutorService retryScheduler = scheduler != null ? scheduler : Defaults.scheduler();
    return provider instanceof DefaultTimeout
        ? new RetryingChatModel(model, policy, ((DefaultTimeout) provider).defaultTimeout(), retryScheduler)
        : new RetryingChatModel(model, policy, retryScheduler);
  }
}
