package ai.beluga.llms.internal.http;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.errors.ErrorClassifier;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.OutboundCall;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.spi.CallDefaults;
import ai.beluga.llms.spi.ChatTranslator;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.spi.WireRequest;
import ai.beluga.llms.spi.WireResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Internal API: may change in any release.
 *
 * <p>A {@link ChatModel} on the JDK {@link java.net.http.HttpClient}, driven by a provider's {@link ChatTranslator}.
 * It owns the transport concerns: the call's deadline (from the call's options, else the model's default), the body
 * size limit, cancellation (interrupt, {@code CompletableFuture.cancel}, closing a stream, cancelling a subscription
 * all abort the exchange), and turning transport failures into {@link LlmException}s. It holds no retry, telemetry or
 * logging policy: middleware adds those.
 */
public final class HttpChatModel implements ChatModel, CallDefaults {
  /** The largest error body read for classification; the start of an error body says all that matters. */
  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(10);

  private final ChatTranslator translator;
  private final HttpModelSettings settings;
  private final ProviderContext context;
  private final java.net.http.HttpClient httpClient;
  /** The configured defaults with the configured model set: what a request without options of its own runs with. */
  private final ChatOptions baseline;
  /** True when the configuration sets no default option, so a request that names its model needs no merge. */
  private final boolean noDefaults;

  /**
   * Creates the model.
   *
   * @param translator the provider's translation
   * @param settings the model's settings
   * @param context the HTTP client, clock and scheduler
   */
  public HttpChatModel(ChatTranslator translator, HttpModelSettings settings, ProviderContext context) {
    this.translator = translator;
    this.settings = settings;
    this.context = context;
    this.httpClient = context.httpClient(settings.connectTimeout());
    ChatOptions defaults = settings.defaultOptions();
    this.baseline = defaults.model().isPresent() ? defaults : defaults.toBuilder().model(settings.model()).build();
    this.noDefaults = defaults.equals(ChatOptions.none());
  }

  @Override
  public String provider() {
    return translator.provider();
  }

  @Override
  public String model() {
    return settings.model();
  }

  @Override
  public Duration callTimeout() {
    return settings.timeout();
  }

  @Override
  public java.util.OptionalInt maxRetries() {
    return settings.maxRetries();
  }

  /**
   * A blocking call runs {@link java.net.http.HttpClient#send} on the caller's thread rather than waiting on
   * {@link #chatAsync}: {@code sendAsync} hands its completion to the default {@code CompletableFuture} executor,
   * which on a machine with fewer than three cores starts a new platform thread for every call (issue 6). The
   * call's deadline covers the whole exchange: the request's own timeout until the headers, and a timer that
   * cancels the body after that.
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    ChatRequest effective;
    HttpRequest http;
    try {
      effective = prepare(request);
    } catch (RuntimeException e) {
      throw asLlmException(e, modelOf(request));
    }
    String model = effective.options().model().orElseThrow();
    Duration timeout = timeoutOf(effective);
    try {
      http = builderOf(translator.encode(effective, false), false).timeout(timeout).build();
    } catch (RuntimeException e) {
      throw asLlmException(e, model);
    }
    BlockingBody body = new BlockingBody(settings.maxResponseBytes());
    ScheduledFuture<?> deadline;
    try {
      deadline = context.scheduler().schedule(body::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      throw schedulerRejected(e, model);
    }
    HttpResponse<byte[]> response;
    try {
      response = httpClient.send(http, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(LlmException.builder(ErrorCode.CANCELLED,
          "the calling thread was interrupted; the request was aborted").cause(e), model);
    } catch (java.net.http.HttpTimeoutException e) {
      throw e instanceof java.net.http.HttpConnectTimeoutException ? failureOf(e, model)
          : withCause(timedOut(timeout, model), e);
    } catch (java.io.IOException | RuntimeException e) {
      if (body.expired) {
        throw withCause(timedOut(timeout, model), e);
      }
      throw failureOf(unwrapOwn(e), model);
    } finally {
      deadline.cancel(false);
    }
    try {
      return handle(response, model);
    } catch (RuntimeException e) {
      throw asLlmException(e, model);
    }
  }

  private static LlmException withCause(LlmException error, Throwable cause) {
    return error.toBuilder().cause(cause).build();
  }

  /** {@code send} wraps a body subscriber's own failure (the size limit) in an IOException: hand back the original. */
  private static Throwable unwrapOwn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LlmException || t instanceof StreamLimitException) {
        return t;
      }
    }
    return e;
  }

  /** Picks the body subscriber by status, as {@link #chatAsync} does, and lets the deadline cancel the body. */
  private static final class BlockingBody implements HttpResponse.BodyHandler<byte[]> {
    private final long maxResponseBytes;
    private volatile LimitedBody current;
    private volatile boolean expired;

    BlockingBody(long maxResponseBytes) {
      this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      LimitedBody body = info.statusCode() >= 200 && info.statusCode() < 300
          ? LimitedBody.failingPast(maxResponseBytes) : LimitedBody.truncatingAt(MAX_ERROR_BODY_BYTES);
      current = body;
      if (expired) {
        body.abort();
      }
      return body;
    }

    void expire() {
      expired = true;
      LimitedBody body = current;
      if (body != null) {
        body.abort();
      }
    }
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    ChatRequest effective;
    HttpRequest http;
    try {
      effective = prepare(request);
      http = toHttp(translator.encode(effective, false), false);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(asLlmException(e, modelOf(request)));
    }
    String model = effective.options().model().orElseThrow();
    CompletableFuture<HttpResponse<byte[]>> exchange =
        httpClient.sendAsync(http, info -> info.statusCode() >= 200 && info.statusCode() < 300
            ? LimitedBody.failingPast(settings.maxResponseBytes())
            : LimitedBody.truncatingAt(MAX_ERROR_BODY_BYTES));
    CancellingFuture<ChatResponse> result = new CancellingFuture<>(exchange);
    Duration timeout = timeoutOf(effective);
    ScheduledFuture<?> deadline;
    try {
      deadline = context.scheduler().schedule(() -> {
        if (result.completeExceptionally(timedOut(timeout, model))) {
          exchange.cancel(true);
        }
      }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Without a deadline the call could wait for ever: abort the request just sent rather than leak it.
      exchange.cancel(true);
      return CompletableFuture.failedFuture(schedulerRejected(e, model));
    }
    exchange.whenComplete((response, error) -> {
      deadline.cancel(false);
      if (error != null) {
        result.completeExceptionally(failureOf(error, model));
        return;
      }
      try {
        result.complete(handle(response, model));
      } catch (RuntimeException e) {
        result.completeExceptionally(asLlmException(e, model));
      }
    });
    return result;
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    return ChatStream.of(new HttpStreamPublisher(this, request));
  }

  @Override
  public HealthStatus checkHealth() {
    long start = System.nanoTime();
    WireRequest probe;
    try {
      probe = translator.healthProbe().orElse(null);
    } catch (RuntimeException e) {
      return HealthStatus.unhealthy(Duration.ZERO, context.clock().instant(),
          asLlmException(e, settings.model()).getMessage(), asLlmException(e, settings.model()).code());
    }
    if (probe == null) {
      return HealthStatus.degraded(Duration.ZERO, context.clock().instant(),
          translator.provider() + " offers no health probe", ErrorCode.UNSUPPORTED);
    }
    HttpRequest http;
    try {
      // Built like a call's request: HttpRequest.Builder.headers(...) rejects an empty list, and a probe may well
      // carry no headers (a local server without authentication).
      http = builderOf(probe, false).timeout(HEALTH_TIMEOUT).build();
    } catch (RuntimeException e) {
      LlmException error = asLlmException(e, settings.model());
      return HealthStatus.unhealthy(Duration.ZERO, context.clock().instant(), error.getMessage(), error.code());
    }
    CompletableFuture<HttpResponse<byte[]>> exchange =
        httpClient.sendAsync(http, info -> LimitedBody.truncatingAt(MAX_ERROR_BODY_BYTES));
    try {
      HttpResponse<byte[]> response = exchange.get(HEALTH_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      Instant now = context.clock().instant();
      if (response.statusCode() >= 200 && response.statusCode() < 300) {
        return HealthStatus.healthy(latency, now);
      }
      LlmException error;
      try {
        error = errorOf(wire(response), settings.model());
      } catch (RuntimeException e) {
        // A health check reports a broken translation as a status; it never throws.
        error = asLlmException(e, settings.model());
      }
      return error.retryable()
          ? HealthStatus.degraded(latency, now, error.getMessage(), error.code())
          : HealthStatus.unhealthy(latency, now, error.getMessage(), error.code());
    } catch (InterruptedException e) {
      // Abort the probe rather than leave it running on the client after we stopped waiting.
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      return HealthStatus.unhealthy(Duration.ofNanos(System.nanoTime() - start), context.clock().instant(),
          "the health check was interrupted", ErrorCode.CANCELLED);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      exchange.cancel(true);
      LlmException error = failureOf(e, settings.model());
      return HealthStatus.unhealthy(Duration.ofNanos(System.nanoTime() - start), context.clock().instant(),
          error.getMessage(), error.code());
    }
  }

  ChatTranslator translator() {
    return translator;
  }

  java.net.http.HttpClient httpClient() {
    return httpClient;
  }

  ProviderContext context() {
    return context;
  }

  /**
   * Lays the call's options over the defaults and fixes the model. Runs on every call, so the two common shapes cost
   * nothing to merge: a request that names its model where no defaults are configured is returned as it is, and a
   * request without options of its own takes the baseline built once in the constructor.
   */
  ChatRequest prepare(ChatRequest request) {
    ChatOptions own = request.options();
    if (noDefaults && own.model().isPresent()) {
      return request;
    }
    ChatOptions options = own == ChatOptions.none() ? baseline : own.mergedOver(baseline);
    return request.withOptions(options);
  }

  Duration timeoutOf(ChatRequest effective) {
    return effective.options().timeout().orElse(settings.timeout());
  }

  HttpRequest toHttp(WireRequest wire, boolean stream) {
    return builderOf(wire, stream).build();
  }

  private HttpRequest.Builder builderOf(WireRequest wire, boolean stream) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(wire.uri()).method(wire.method(), bodyOf(wire));
    try {
      if (!wire.headers().isEmpty()) {
        builder.headers(flatten(wire.headers()));
      }
      // Issue 4: the telemetry decorator learns the endpoint (server.address, server.port) and may add traceparent.
      OutboundCall.notifyCurrent(wire.uri(), builder::setHeader);
      if (stream && wire.headers().keySet().stream().noneMatch("accept"::equalsIgnoreCase)) {
        builder.header("Accept", translator.streamFraming() == ChatTranslator.StreamFraming.SSE
            ? "text/event-stream" : "application/x-ndjson");
      }
    } catch (IllegalArgumentException e) {
      throw LlmException.builder(ErrorCode.INVALID_CONFIG, "a request header is not allowed by the HTTP client: "
          + e.getMessage() + "; remove it from the extra headers").provider(provider()).cause(e).build();
    }
    return builder;
  }

  ChatResponse handle(HttpResponse<byte[]> response, String model) {
    WireResponse wire = wire(response);
    if (!wire.isSuccess()) {
      throw errorOf(wire, model);
    }
    return translator.decode(wire);
  }

  LlmException errorOf(WireResponse response, String model) {
    return translator.classifyError(response).model(model).build();
  }

  LlmException timedOut(Duration timeout, String model) {
    return LlmException.builder(ErrorCode.TIMEOUT, "the call did not finish within its timeout of "
        + timeout.toMillis() + " ms; raise the timeout in the config or the call's options")
        .provider(provider()).model(model).build();
  }

  LlmException schedulerRejected(RejectedExecutionException e, String model) {
    return LlmException.builder(ErrorCode.INVALID_CONFIG, "the scheduler of the provider context refused the call's"
        + " deadline (was it shut down?); give the model a running scheduler").provider(provider()).model(model)
        .cause(e).build();
  }

  /**
   * Turns a failure of the exchange into an exception naming the provider and model. The body subscribers raise
   * {@link LlmException}s that know neither (such as {@link LimitedBody}'s size-limit failure), and
   * {@link ErrorClassifier#fromThrowable} hands an {@link LlmException} back as it is, so fill them in here.
   */
  LlmException failureOf(Throwable error, String model) {
    return asLlmException(ErrorClassifier.fromThrowable(error, provider(), model), model);
  }

  LlmException asLlmException(RuntimeException e, String model) {
    if (e instanceof LlmException) {
      LlmException error = (LlmException) e;
      return error.provider().isPresent() && error.model().isPresent() ? error
          : error.toBuilder().provider(error.provider().orElse(provider())).model(error.model().orElse(model)).build();
    }
    if (e instanceof StreamLimitException) {
      return LlmException.builder(ErrorCode.INVALID_RESPONSE, e.getMessage()).provider(provider()).model(model)
          .cause(e).build();
    }
    return ErrorClassifier.fromThrowable(e, provider(), model);
  }

  String modelOf(ChatRequest request) {
    return request.options().model().orElse(settings.model());
  }

  private LlmException failure(LlmException.Builder builder, String model) {
    return builder.provider(provider()).model(model).build();
  }

  static WireResponse wire(HttpResponse<byte[]> response) {
    return new WireResponse(response.statusCode(), response.headers(), response.body());
  }

  private static HttpRequest.BodyPublisher bodyOf(WireRequest wire) {
    return wire.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(wire.body());
  }

  private static String[] flatten(Map<String, String> headers) {
    String[] pairs = new String[headers.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      pairs[i++] = header.getKey();
      pairs[i++] = header.getValue();
    }
    return pairs;
  }

  /** A future whose cancellation also cancels the HTTP exchange behind it, which aborts the request. */
  static final class CancellingFuture<T> extends CompletableFuture<T> {
    private final CompletableFuture<?> exchange;

    CancellingFuture(CompletableFuture<?> exchange) {
      this.exchange = exchange;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      exchange.cancel(true);
      return cancelled;
    }
  }
}
