package ai.beluga.llms.observability;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.StreamAccumulator;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.OutboundCall;
import ai.beluga.llms.middleware.RetryListener;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Usage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One call, observed: its span, its clock, what a stream has shown so far, and the one place where the call ends
 * (span, metrics, log line), exactly once, whether it answered, failed or was cancelled. Made current while the call
 * is sent, it is also the call's {@link OutboundCall} hook (endpoint, trace context), and its context carries a
 * {@link RetryListener} for the retry layer inside.
 *
 * <p>Thread-safe: the stream state is written by the stream's signals, which arrive one at a time; ending is guarded.
 */
final class CallObservation implements OutboundCall {
  static final String MDC_TRACE_ID = "trace_id";
  static final String MDC_SPAN_ID = "span_id";

  private static final Logger LOG = LoggerFactory.getLogger(InstrumentedChatModel.class);
  private static final TextMapSetter<BiConsumer<String, String>> SETTER = (carrier, key, value) -> {
    if (carrier != null) {
      carrier.accept(key, value);
    }
  };
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey(GenAiNames.OPERATION_NAME);
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey(GenAiNames.PROVIDER_NAME);
  private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey(GenAiNames.REQUEST_MODEL);
  private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey(GenAiNames.RESPONSE_MODEL);
  private static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey(GenAiNames.RESPONSE_ID);
  private static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey(GenAiNames.RESPONSE_FINISH_REASONS);
  private static final AttributeKey<Double> TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey(GenAiNames.RESPONSE_TIME_TO_FIRST_CHUNK);
  private static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey(GenAiNames.REQUEST_TEMPERATURE);
  private static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey(GenAiNames.REQUEST_TOP_P);
  private static final AttributeKey<Double> TOP_K = AttributeKey.doubleKey(GenAiNames.REQUEST_TOP_K);
  private static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey(GenAiNames.REQUEST_MAX_TOKENS);
  private static final AttributeKey<List<String>> STOP_SEQUENCES =
      AttributeKey.stringArrayKey(GenAiNames.REQUEST_STOP_SEQUENCES);
  private static final AttributeKey<Long> SEED = AttributeKey.longKey(GenAiNames.REQUEST_SEED);
  private static final AttributeKey<Double> FREQUENCY_PENALTY =
      AttributeKey.doubleKey(GenAiNames.REQUEST_FREQUENCY_PENALTY);
  private static final AttributeKey<Double> PRESENCE_PENALTY =
      AttributeKey.doubleKey(GenAiNames.REQUEST_PRESENCE_PENALTY);
  private static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey(GenAiNames.REQUEST_STREAM);
  private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey(GenAiNames.USAGE_INPUT_TOKENS);
  private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey(GenAiNames.USAGE_OUTPUT_TOKENS);
  private static final AttributeKey<Long> CACHE_READ_TOKENS =
      AttributeKey.longKey(GenAiNames.USAGE_CACHE_READ_INPUT_TOKENS);
  private static final AttributeKey<Long> REASONING_TOKENS =
      AttributeKey.longKey(GenAiNames.USAGE_REASONING_OUTPUT_TOKENS);
  private static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey(GenAiNames.TOKEN_TYPE);
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey(GenAiNames.SERVER_ADDRESS);
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey(GenAiNames.SERVER_PORT);
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(GenAiNames.ERROR_TYPE);
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey(GenAiNames.OUTCOME);
  private static final AttributeKey<Long> RETRY_ATTEMPT = AttributeKey.longKey(GenAiNames.RETRY_ATTEMPT);
  private static final AttributeKey<Double> RETRY_DELAY = AttributeKey.doubleKey(GenAiNames.RETRY_DELAY);
  private static final Attributes INPUT_TYPE = Attributes.of(TOKEN_TYPE, GenAiNames.TOKEN_TYPE_INPUT);
  private static final Attributes OUTPUT_TYPE = Attributes.of(TOKEN_TYPE, GenAiNames.TOKEN_TYPE_OUTPUT);

  private enum Outcome { SUCCESS, ERROR, CANCELLED }

  private final Telemetry telemetry;
  private final String libraryProvider;
  private final String provider;
  private final String requestModel;
  private final boolean stream;
  private final long startNanos;
  private final Span span;
  private final Context context;
  private final Attributes activeAttributes;
  private final StreamAccumulator accumulator;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile String serverAddress;
  private volatile long serverPort = -1;
  // Stream state: written by the stream's signals, one at a time.
  private long firstChunkNanos = -1;
  private long lastChunkNanos;
  private Attributes chunkAttributes;
  private Usage usage = Usage.empty();
  private String responseId;
  private String responseModel;
  private String rawFinishReason;
  private FinishReason finishReason;

  private CallObservation(Telemetry telemetry, ChatModel model, ChatRequest request, boolean stream) {
    this.telemetry = telemetry;
    this.libraryProvider = model.provider();
    this.provider = GenAiNames.providerName(libraryProvider);
    this.requestModel = request.options().model().orElse(model.model());
    this.stream = stream;
    this.span = startSpan(request);
    this.context = Context.current().with(span).with((RetryListener) this::onRetry).with(OutboundCall.KEY, this);
    this.accumulator = stream && telemetry.captureContent && span.isRecording() ? new StreamAccumulator() : null;
    if (telemetry.metrics) {
      activeAttributes = Attributes.of(PROVIDER, provider, REQUEST_MODEL, requestModel);
      (stream ? telemetry.activeStreams : telemetry.activeRequests).add(1, activeAttributes);
    } else {
      activeAttributes = null;
    }
    this.startNanos = System.nanoTime();
  }

  static CallObservation start(Telemetry telemetry, ChatModel model, ChatRequest request, boolean stream) {
    return new CallObservation(telemetry, model, request, stream);
  }

  private Span startSpan(ChatRequest request) {
    // The request attributes are set before the span starts, so that samplers see them.
    SpanBuilder builder = telemetry.tracer.spanBuilder(GenAiNames.OPERATION_CHAT + " " + requestModel)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(OPERATION, GenAiNames.OPERATION_CHAT)
        .setAttribute(PROVIDER, provider)
        .setAttribute(REQUEST_MODEL, requestModel);
    if (telemetry.tracing) {
      ChatOptions options = request.options();
      if (options.temperature().isPresent()) {
        builder.setAttribute(TEMPERATURE, options.temperature().getAsDouble());
      }
      if (options.topP().isPresent()) {
        builder.setAttribute(TOP_P, options.topP().getAsDouble());
      }
      if (options.topK().isPresent()) {
        builder.setAttribute(TOP_K, (double) options.topK().getAsInt());
      }
      if (options.maxOutputTokens().isPresent()) {
        builder.setAttribute(MAX_TOKENS, (long) options.maxOutputTokens().getAsInt());
      }
      if (!options.stopSequences().isEmpty()) {
        builder.setAttribute(STOP_SEQUENCES, options.stopSequences());
      }
      if (options.seed().isPresent()) {
        builder.setAttribute(SEED, options.seed().getAsLong());
      }
      if (options.frequencyPenalty().isPresent()) {
        builder.setAttribute(FREQUENCY_PENALTY, options.frequencyPenalty().getAsDouble());
      }
      if (options.presencePenalty().isPresent()) {
        builder.setAttribute(PRESENCE_PENALTY, options.presencePenalty().getAsDouble());
      }
      if (stream) {
        builder.setAttribute(STREAM, true);
      }
    }
    Span started = builder.startSpan();
    if (telemetry.captureContent && started.isRecording()) {
      try {
        ContentCapture.recordRequest(started, request);
      } catch (RuntimeException e) {
        LOG.debug("could not record the request's content on the span", e);
      }
    }
    return started;
  }

  /**
   * Makes the call's span current, with its trace and span ids in the SLF4J MDC, until the scope is closed.
   *
   * @return the scope to close on the same thread
   */
  Scope makeCurrent() {
    Scope scope = context.makeCurrent();
    SpanContext spanContext = span.getSpanContext();
    if (!spanContext.isValid()) {
      return scope;
    }
    String previousTrace = MDC.get(MDC_TRACE_ID);
    String previousSpan = MDC.get(MDC_SPAN_ID);
    MDC.put(MDC_TRACE_ID, spanContext.getTraceId());
    MDC.put(MDC_SPAN_ID, spanContext.getSpanId());
    return () -> {
      restore(MDC_TRACE_ID, previousTrace);
      restore(MDC_SPAN_ID, previousSpan);
      scope.close();
    };
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }

  @Override
  public void beforeSend(URI uri, BiConsumer<String, String> headers) {
    try {
      String host = uri.getHost();
      if (host != null) {
        serverAddress = host;
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        serverPort = port;
        span.setAttribute(SERVER_ADDRESS, host);
        span.setAttribute(SERVER_PORT, (long) port);
      }
      if (telemetry.propagate) {
        W3CTraceContextPropagator.getInstance().inject(context, headers, SETTER);
      }
    } catch (RuntimeException e) {
      LOG.debug("telemetry could not observe the outgoing request", e);
    }
  }

  /** Records a retry of this call: the {@link RetryListener} this call's context carries to the retry layer. */
  void onRetry(int attempt, Duration delay, LlmException cause) {
    try {
      String errorType = errorType(cause);
      span.addEvent(GenAiNames.EVENT_RETRY, Attributes.of(RETRY_ATTEMPT, (long) attempt, ERROR_TYPE, errorType,
          RETRY_DELAY, delay.toNanos() / 1e9));
      if (telemetry.metrics) {
        telemetry.retries.add(1, Attributes.of(PROVIDER, provider, REQUEST_MODEL, requestModel, ERROR_TYPE,
            errorType));
      }
    } catch (RuntimeException e) {
      LOG.debug("telemetry could not record a retry", e);
    }
  }

  /** Observes one stream event; called by the stream's subscriber, one event at a time. */
  void onEvent(StreamEvent event) {
    try {
      if (event instanceof StreamEvent.TextDelta || event instanceof StreamEvent.ReasoningDelta
          || event instanceof StreamEvent.ToolCallStarted || event instanceof StreamEvent.ToolCallDelta) {
        onChunk();
      } else if (event instanceof StreamEvent.ResponseStarted) {
        StreamEvent.ResponseStarted started = (StreamEvent.ResponseStarted) event;
        started.id().ifPresent(id -> responseId = id);
        started.model().ifPresent(model -> responseModel = model);
      } else if (event instanceof StreamEvent.UsageReported) {
        usage = usage.mergedWith(((StreamEvent.UsageReported) event).usage());
      } else if (event instanceof StreamEvent.Finished) {
        StreamEvent.Finished finished = (StreamEvent.Finished) event;
        finishReason = finished.reason();
        rawFinishReason = finished.rawReason().orElse(null);
      }
      if (accumulator != null) {
        accumulator.accept(event);
      }
    } catch (RuntimeException e) {
      LOG.debug("telemetry could not observe a stream event", e);
    }
  }

  private void onChunk() {
    long now = System.nanoTime();
    if (firstChunkNanos < 0) {
      firstChunkNanos = now;
      if (telemetry.metrics) {
        chunkAttributes = metricAttributes(null).build();
        telemetry.timeToFirstChunk.record((now - startNanos) / 1e9, chunkAttributes);
      }
    } else if (telemetry.metrics) {
      telemetry.timePerOutputChunk.record((now - lastChunkNanos) / 1e9, chunkAttributes);
    }
    lastChunkNanos = now;
  }

  /** Ends a non-streamed call that answered. */
  void succeeded(ChatResponse response) {
    usage = response.usage();
    responseId = response.id().orElse(null);
    responseModel = response.model().orElse(null);
    finishReason = response.finishReason();
    rawFinishReason = response.rawFinishReason().orElse(null);
    end(Outcome.SUCCESS, null, response);
  }

  /** Ends a stream that completed. */
  void completed() {
    ChatResponse response = null;
    if (accumulator != null) {
      try {
        response = accumulator.toResponse();
      } catch (RuntimeException e) {
        LOG.debug("telemetry could not assemble the streamed answer", e);
      }
    }
    end(Outcome.SUCCESS, null, response);
  }

  /** Ends a call that failed, or was cancelled when the failure says so. */
  void failed(Throwable error) {
    Throwable cause = unwrap(error);
    boolean cancelled = cause instanceof CancellationException
        || (cause instanceof LlmException && ((LlmException) cause).code() == ErrorCode.CANCELLED);
    end(cancelled ? Outcome.CANCELLED : Outcome.ERROR, cause, null);
  }

  /** Ends a stream the caller closed or unsubscribed from before its end. */
  void cancelled() {
    end(Outcome.CANCELLED, null, null);
  }

  private void end(Outcome outcome, Throwable error, ChatResponse response) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      String errorType = outcome == Outcome.SUCCESS ? null
          : outcome == Outcome.CANCELLED ? ErrorCode.CANCELLED.errorType() : errorType(error);
      endSpan(outcome, error, errorType, response);
      if (telemetry.metrics) {
        recordMetrics(outcome, errorType, seconds);
      }
      log(outcome, errorType, seconds);
    } catch (RuntimeException e) {
      LOG.debug("telemetry could not end a call", e);
    }
  }

  private void endSpan(Outcome outcome, Throwable error, String errorType, ChatResponse response) {
    if (span.isRecording()) {
      if (responseId != null) {
        span.setAttribute(RESPONSE_ID, responseId);
      }
      if (responseModel != null) {
        span.setAttribute(RESPONSE_MODEL, responseModel);
      }
      String finish = finishValue();
      if (finish != null) {
        span.setAttribute(FINISH_REASONS, List.of(finish));
      }
      setIfPresent(INPUT_TOKENS, usage.inputTokens());
      setIfPresent(OUTPUT_TOKENS, usage.outputTokens());
      setIfPresent(CACHE_READ_TOKENS, usage.cachedInputTokens());
      setIfPresent(REASONING_TOKENS, usage.reasoningOutputTokens());
      if (stream && firstChunkNanos >= 0) {
        span.setAttribute(TIME_TO_FIRST_CHUNK, (firstChunkNanos - startNanos) / 1e9);
      }
      if (errorType != null) {
        span.setAttribute(ERROR_TYPE, errorType);
      }
      if (outcome == Outcome.ERROR) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, errorType);
      }
      if (telemetry.captureContent && response != null) {
        ContentCapture.recordResponse(span, response);
      }
    }
    span.end();
  }

  private void setIfPresent(AttributeKey<Long> key, java.util.OptionalLong value) {
    if (value.isPresent()) {
      span.setAttribute(key, value.getAsLong());
    }
  }

  private String finishValue() {
    if (rawFinishReason != null) {
      return rawFinishReason;
    }
    return finishReason == null || finishReason == FinishReason.UNKNOWN ? null
        : finishReason.name().toLowerCase(Locale.ROOT);
  }

  private AttributesBuilder metricAttributes(String errorType) {
    AttributesBuilder builder = Attributes.builder()
        .put(OPERATION, GenAiNames.OPERATION_CHAT)
        .put(PROVIDER, provider)
        .put(REQUEST_MODEL, requestModel);
    if (responseModel != null) {
      builder.put(RESPONSE_MODEL, responseModel);
    }
    String address = serverAddress;
    if (address != null) {
      builder.put(SERVER_ADDRESS, address);
      builder.put(SERVER_PORT, serverPort);
    }
    if (errorType != null) {
      builder.put(ERROR_TYPE, errorType);
    }
    return builder;
  }

  private void recordMetrics(Outcome outcome, String errorType, double seconds) {
    Attributes attributes = metricAttributes(errorType).build();
    telemetry.duration.record(seconds, attributes);
    // Tokens are recorded only when the provider reported them: absent is not zero.
    if (usage.inputTokens().isPresent()) {
      long input = usage.inputTokens().getAsLong();
      recordTokens(attributes, input, INPUT_TYPE, telemetry.draftInputTokens, telemetry.draftOperationInputTokens);
    }
    if (usage.outputTokens().isPresent()) {
      long output = usage.outputTokens().getAsLong();
      recordTokens(attributes, output, OUTPUT_TYPE, telemetry.draftOutputTokens,
          telemetry.draftOperationOutputTokens);
    }
    if (telemetry.latest) {
      if (usage.cachedInputTokens().isPresent()) {
        telemetry.draftCacheReadTokens.add(usage.cachedInputTokens().getAsLong(), attributes);
      }
      if (usage.reasoningOutputTokens().isPresent()) {
        telemetry.draftReasoningTokens.add(usage.reasoningOutputTokens().getAsLong(), attributes);
      }
    }
    String outcomeValue = outcome == Outcome.SUCCESS ? GenAiNames.OUTCOME_SUCCESS
        : outcome == Outcome.CANCELLED ? GenAiNames.OUTCOME_CANCELLED : GenAiNames.OUTCOME_ERROR;
    AttributesBuilder requestAttributes = Attributes.builder().put(PROVIDER, provider)
        .put(REQUEST_MODEL, requestModel).put(OUTCOME, outcomeValue);
    if (errorType != null) {
      requestAttributes.put(ERROR_TYPE, errorType);
    }
    telemetry.requests.add(1, requestAttributes.build());
    (stream ? telemetry.activeStreams : telemetry.activeRequests).add(-1, activeAttributes);
  }

  private void recordTokens(Attributes attributes, long count, Attributes type,
      io.opentelemetry.api.metrics.LongCounter draftCounter,
      io.opentelemetry.api.metrics.LongHistogram draftHistogram) {
    Attributes typed = attributes.toBuilder().putAll(type).build();
    if (telemetry.latest) {
      draftCounter.add(count, attributes);
      draftHistogram.record(count, attributes);
    } else {
      telemetry.tokenUsage.record(count, typed);
    }
    telemetry.tokens.add(count, Attributes.builder().put(PROVIDER, provider).put(REQUEST_MODEL, requestModel)
        .putAll(type).build());
  }

  private void log(Outcome outcome, String errorType, double seconds) {
    boolean failed = outcome == Outcome.ERROR;
    if (failed ? !LOG.isInfoEnabled() : !LOG.isDebugEnabled()) {
      return;
    }
    // One line per call, as key=value pairs; never the conversation, never a key.
    StringBuilder line = new StringBuilder(256).append("llm call");
    pair(line, "provider", libraryProvider);
    pair(line, "model", requestModel);
    pair(line, "operation", stream ? "stream" : GenAiNames.OPERATION_CHAT);
    pair(line, "outcome", outcome.name().toLowerCase(Locale.ROOT));
    pair(line, "duration_ms", Long.toString(Math.round(seconds * 1000)));
    if (usage.inputTokens().isPresent()) {
      pair(line, "input_tokens", Long.toString(usage.inputTokens().getAsLong()));
    }
    if (usage.outputTokens().isPresent()) {
      pair(line, "output_tokens", Long.toString(usage.outputTokens().getAsLong()));
    }
    String finish = finishValue();
    if (finish != null) {
      pair(line, "finish_reason", finish);
    }
    if (errorType != null) {
      pair(line, "error_code", errorType);
    }
    SpanContext spanContext = span.getSpanContext();
    if (spanContext.isValid()) {
      pair(line, MDC_TRACE_ID, spanContext.getTraceId());
      pair(line, MDC_SPAN_ID, spanContext.getSpanId());
    }
    if (failed) {
      LOG.info(line.toString());
    } else {
      LOG.debug(line.toString());
    }
  }

  private static void pair(StringBuilder line, String key, String value) {
    line.append(' ').append(key).append('=');
    if (value.indexOf(' ') >= 0 || value.indexOf('"') >= 0 || value.indexOf('=') >= 0) {
      line.append('"').append(value.replace("\"", "\\\"")).append('"');
    } else {
      line.append(value);
    }
  }

  static String errorType(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof LlmException) {
      return ((LlmException) cause).code().errorType();
    }
    return cause == null ? "_OTHER" : cause.getClass().getName();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
