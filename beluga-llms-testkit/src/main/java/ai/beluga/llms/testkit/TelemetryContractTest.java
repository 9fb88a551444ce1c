package ai.beluga.llms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.middleware.RetryPolicy;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.middleware.Middleware;
import ai.beluga.llms.observability.GenAiNames;
import ai.beluga.schema.Usage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The telemetry contract suite: what every model emits through OpenTelemetry, checked with the SDK's in-memory
 * exporters for a chat, a stream, a stream closed early, a failed call and a retried call, over every
 * {@link ContractTarget} (which must implement {@link ContractTarget#withOptions(LlmOption...)}). It checks metric
 * names, units, bucket boundaries, attributes and values; the span's name, kind, attributes, events and status; and
 * that a stream's token usage is recorded when the provider reported it.
 *
 * <pre>{@code
 * class AcmeTelemetryContractTest extends TelemetryContractTest {
 *   protected List<ContractTarget> targets() {
 *     return List.of(new AcmeContractTarget());
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
public abstract class TelemetryContractTest {
  private static final String PROMPT = "telemetry prompt: tell me about whales";
  private static final String TEXT = "Whales are large marine mammals, and some sing for hours.";
  private static final Usage USAGE = Usage.of(17, 9);

  /**
   * Creates the suite.
   *
   * @since 0.1.0
   */
  protected TelemetryContractTest() {}

  /**
   * Returns the targets to run every test against.
   *
   * @return the targets, at least one
   * @since 0.1.0
   */
  protected abstract List<ContractTarget> targets();

  /**
   * {@return the targets, as the argument source of every test}
   *
   * @since 0.1.0
   */
  protected final List<ContractTarget> contractTargets() {
    return targets();
  }

  /**
   * A chat emits one CLIENT span {@code chat {model}} with the request and response attributes and usage, the
   * duration and token histograms with the conventions' units and buckets, and the library's counters.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void chatEmitsSpanAndMetrics(ContractTarget target) {
    Sdk sdk = new Sdk();
    ChatModel model = target.withOptions(LlmOption.openTelemetry(sdk.openTelemetry)).scriptText(TEXT, USAGE);
    String provider = GenAiNames.providerName(target.provider());

    ChatResponse response = model.chat(ChatRequest.builder().addMessage(ai.beluga.schema.Message.user(PROMPT))
        .options(ChatOptions.builder().temperature(0.5).maxOutputTokens(64).build()).build());

    SpanData span = sdk.onlySpan();
    assertThat(span.getName()).isEqualTo("chat " + model.model());
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    Attributes attributes = span.getAttributes();
    assertThat(attributes.get(stringKey(GenAiNames.OPERATION_NAME))).isEqualTo("chat");
    assertThat(attributes.get(stringKey(GenAiNames.PROVIDER_NAME))).isEqualTo(provider);
    assertThat(attributes.get(stringKey(GenAiNames.REQUEST_MODEL))).isEqualTo(model.model());
    assertThat(attributes.get(AttributeKey.doubleKey(GenAiNames.REQUEST_TEMPERATURE))).isEqualTo(0.5);
    assertThat(attributes.get(AttributeKey.longKey(GenAiNames.REQUEST_MAX_TOKENS))).isEqualTo(64L);
    assertThat(attributes.get(AttributeKey.longKey(GenAiNames.USAGE_INPUT_TOKENS))).isEqualTo(17L);
    assertThat(attributes.get(AttributeKey.longKey(GenAiNames.USAGE_OUTPUT_TOKENS))).isEqualTo(9L);
    assertThat(attributes.get(AttributeKey.stringArrayKey(GenAiNames.RESPONSE_FINISH_REASONS)))
        .containsExactly(response.rawFinishReason().orElse("stop"));
    response.id().ifPresent(id -> assertThat(attributes.get(stringKey(GenAiNames.RESPONSE_ID))).isEqualTo(id));
    assertThat(attributes.get(AttributeKey.booleanKey(GenAiNames.REQUEST_STREAM))).isNull();
    assertThat(attributes.get(stringKey(GenAiNames.ERROR_TYPE))).isNull();
    assertServer(target, attributes);

    HistogramPointData duration = sdk.onlyHistogramPoint(GenAiNames.METRIC_OPERATION_DURATION, "s");
    assertThat(duration.getBoundaries()).isEqualTo(GenAiNames.DURATION_BUCKETS);
    assertThat(duration.getCount()).isEqualTo(1);
    assertThat(duration.getAttributes().get(stringKey(GenAiNames.PROVIDER_NAME))).isEqualTo(provider);
    assertThat(duration.getAttributes().get(stringKey(GenAiNames.REQUEST_MODEL))).isEqualTo(model.model());
    assertThat(duration.getAttributes().get(stringKey(GenAiNames.ERROR_TYPE))).isNull();
    assertServer(target, duration.getAttributes());
    assertTokenUsage(sdk, 17, 9);
    assertThat(sdk.longSum(GenAiNames.METRIC_REQUESTS, GenAiNames.OUTCOME, GenAiNames.OUTCOME_SUCCESS)).isEqualTo(1);
    assertThat(sdk.longSum(GenAiNames.METRIC_ACTIVE_REQUESTS, null, null)).isZero();
    assertThat(sdk.metric(GenAiNames.METRIC_TIME_TO_FIRST_CHUNK)).isEmpty();
  }

  /**
   * A stream read to the end emits the span with {@code gen_ai.request.stream} and the time to first chunk, the chunk
   * histograms, and non-zero token usage when the provider reported it in the stream.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void streamEmitsSpanChunkTimesAndUsage(ContractTarget target) {
    Sdk sdk = new Sdk();
    ChatModel model = target.withOptions(LlmOption.openTelemetry(sdk.openTelemetry)).scriptStream(TEXT, USAGE);

    try (ChatStream stream = model.stream(PROMPT)) {
      assertThat(stream.collect().text()).isEqualTo(TEXT);
    }

    SpanData span = sdk.onlySpan();
    assertThat(span.getName()).isEqualTo("chat " + model.model());
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    Attributes attributes = span.getAttributes();
    assertThat(attributes.get(AttributeKey.booleanKey(GenAiNames.REQUEST_STREAM))).isTrue();
    assertThat(attributes.get(AttributeKey.doubleKey(GenAiNames.RESPONSE_TIME_TO_FIRST_CHUNK)))
        .isNotNull().isGreaterThanOrEqualTo(0.0);
    assertThat(attributes.get(AttributeKey.stringArrayKey(GenAiNames.RESPONSE_FINISH_REASONS))).hasSize(1);
    assertServer(target, attributes);

    HistogramPointData first = sdk.onlyHistogramPoint(GenAiNames.METRIC_TIME_TO_FIRST_CHUNK, "s");
    assertThat(first.getBoundaries()).isEqualTo(GenAiNames.DURATION_BUCKETS);
    assertThat(first.getCount()).isEqualTo(1);
    HistogramPointData perChunk = sdk.onlyHistogramPoint(GenAiNames.METRIC_TIME_PER_OUTPUT_CHUNK, "s");
    assertThat(perChunk.getBoundaries()).isEqualTo(GenAiNames.DURATION_BUCKETS);
    assertThat(perChunk.getCount()).isPositive();
    assertThat(sdk.onlyHistogramPoint(GenAiNames.METRIC_OPERATION_DURATION, "s").getCount()).isEqualTo(1);
    assertThat(sdk.longSum(GenAiNames.METRIC_ACTIVE_STREAMS, null, null)).isZero();
    if (target.capabilities().contains(ContractTarget.Capability.USAGE_IN_STREAMS)) {
      assertThat(attributes.get(AttributeKey.longKey(GenAiNames.USAGE_INPUT_TOKENS))).isEqualTo(17L);
      assertThat(attributes.get(AttributeKey.longKey(GenAiNames.USAGE_OUTPUT_TOKENS))).isEqualTo(9L);
      assertTokenUsage(sdk, 17, 9);
    }
  }

  /**
   * A stream closed before its end ends its span once, with {@code error.type} {@code cancelled} and no error
   * status, and counts as cancelled; the active-streams count goes back to zero.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void streamClosedEarlyRecordsCancelled(ContractTarget target) {
    assumeTrue(target.capabilities().contains(ContractTarget.Capability.CANCELLATION));
    Sdk sdk = new Sdk();
    ChatModel model = target.withOptions(LlmOption.openTelemetry(sdk.openTelemetry)).scriptEndlessStream();

    ChatStream stream = model.stream(PROMPT);
    Iterator<StreamEvent> events = stream.iterator();
    for (int i = 0; i < 3 && events.hasNext(); i++) {
      events.next();
    }
    stream.close();
    stream.close();

    SpanData span = sdk.onlySpan();
    assertThat(span.getAttributes().get(stringKey(GenAiNames.ERROR_TYPE))).isEqualTo("cancelled");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(AttributeKey.booleanKey(GenAiNames.REQUEST_STREAM))).isTrue();
    HistogramPointData duration = sdk.onlyHistogramPoint(GenAiNames.METRIC_OPERATION_DURATION, "s");
    assertThat(duration.getAttributes().get(stringKey(GenAiNames.ERROR_TYPE))).isEqualTo("cancelled");
    assertThat(sdk.longSum(GenAiNames.METRIC_REQUESTS, GenAiNames.OUTCOME, GenAiNames.OUTCOME_CANCELLED))
        .isEqualTo(1);
    assertThat(sdk.longSum(GenAiNames.METRIC_ACTIVE_STREAMS, null, null)).isZero();
  }

  /**
   * A failed call ends its span with status ERROR, {@code error.type} the lowercase error code and the exception
   * recorded; the duration carries {@code error.type}; no token usage is recorded.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void failedCallRecordsError(ContractTarget target) {
    Sdk sdk = new Sdk();
    ChatModel model = target.withOptions(LlmOption.openTelemetry(sdk.openTelemetry))
        .scriptError(ErrorCode.SERVER_ERROR);

    assertThatThrownBy(() -> model.chat(PROMPT)).isInstanceOf(LlmException.class);

    SpanData span = sdk.onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(stringKey(GenAiNames.ERROR_TYPE))).isEqualTo("server_error");
    assertThat(span.getEvents()).extracting(EventData::getName).contains("exception");
    HistogramPointData duration = sdk.onlyHistogramPoint(GenAiNames.METRIC_OPERATION_DURATION, "s");
    assertThat(duration.getAttributes().get(stringKey(GenAiNames.ERROR_TYPE))).isEqualTo("server_error");
    assertThat(sdk.metric(GenAiNames.METRIC_TOKEN_USAGE)).isEmpty();
    assertThat(sdk.longSum(GenAiNames.METRIC_REQUESTS, GenAiNames.OUTCOME, GenAiNames.OUTCOME_ERROR)).isEqualTo(1);
    assertThat(sdk.longSum(GenAiNames.METRIC_ACTIVE_REQUESTS, null, null)).isZero();
  }

  /**
   * A call retried by the library's retry middleware (two attempts, no wait, inside the telemetry decorator as every
   * factory assembles it) carries one {@value GenAiNames#EVENT_RETRY} event per retry on its one span, and counts the
   * retry.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void retriedCallRecordsRetryEvent(ContractTarget target) {
    Sdk sdk = new Sdk();
    RetryPolicy twoAttemptsAtOnce = RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO)
        .jitter(RetryPolicy.Jitter.NONE).respectRetryAfter(false).build();
    ChatModel model = target.withOptions(LlmOption.openTelemetry(sdk.openTelemetry),
        LlmOption.retry(twoAttemptsAtOnce)).scriptError(ErrorCode.RATE_LIMIT);

    assertThatThrownBy(() -> model.chat(PROMPT)).isInstanceOf(LlmException.class);

    SpanData span = sdk.onlySpan();
    List<EventData> retries = span.getEvents().stream()
        .filter(event -> event.getName().equals(GenAiNames.EVENT_RETRY)).collect(Collectors.toList());
    assertThat(retries).hasSize(1);
    assertThat(retries.get(0).getAttributes().get(AttributeKey.longKey(GenAiNames.RETRY_ATTEMPT))).isEqualTo(1L);
    assertThat(retries.get(0).getAttributes().get(stringKey(GenAiNames.ERROR_TYPE))).isEqualTo("rate_limit");
    assertThat(retries.get(0).getAttributes().get(AttributeKey.doubleKey(GenAiNames.RETRY_DELAY))).isEqualTo(0.0);
    assertThat(sdk.longSum(GenAiNames.METRIC_RETRIES, GenAiNames.ERROR_TYPE, "rate_limit")).isEqualTo(1);
  }

  /**
   * A stream retried before its first event carries the retry as an event on the stream's one span: the retry layer
   * reads the call's retry listener when the stream is consumed, under the telemetry decorator's context.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void retriedStreamRecordsRetryEvent(ContractTarget target) {
    Sdk sdk = new Sdk();
    RetryPolicy twoAttemptsAtOnce = RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO)
        .jitter(RetryPolicy.Jitter.NONE).respectRetryAfter(false).build();
    ChatModel model = target.withOptions(LlmOption.openTelemetry(sdk.openTelemetry),
        LlmOption.retry(twoAttemptsAtOnce)).scriptError(ErrorCode.RATE_LIMIT);

    assertThatThrownBy(() -> model.stream(PROMPT).collect()).isInstanceOf(LlmException.class);

    SpanData span = sdk.onlySpan();
    assertThat(span.getEvents().stream().filter(event -> event.getName().equals(GenAiNames.EVENT_RETRY)))
        .as("retry events on the stream's span").hasSize(1);
    assertThat(sdk.longSum(GenAiNames.METRIC_RETRIES, GenAiNames.ERROR_TYPE, "rate_limit")).isEqualTo(1);
  }

  /**
   * With {@link LlmOption.Flag#PROPAGATE_TRACE_CONTEXT} the request carries the span's {@code traceparent}; without
   * it, none.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void propagatesTraceContextOnlyWhenAsked(ContractTarget target) {
    assumeTrue(target.sendsHttp(), "the target sends no HTTP");
    Sdk sdk = new Sdk();
    // The hooks are read from the target that scripted the call: a fresh target may not have seen it.
    ContractTarget plain = target.withOptions(LlmOption.openTelemetry(sdk.openTelemetry));
    plain.scriptText(TEXT, USAGE).chat(PROMPT);
    assertThat(plain.requestCount()).as("requests the backend received").isEqualTo(1);
    assertThat(plain.lastRequestHeader("traceparent")).isEmpty();

    ContractTarget propagating = target.withOptions(LlmOption.openTelemetry(sdk.openTelemetry),
        LlmOption.Flag.PROPAGATE_TRACE_CONTEXT);
    propagating.scriptText(TEXT, USAGE).chat(PROMPT);
    SpanData span = sdk.spans().get(1);
    Optional<String> traceparent = propagating.lastRequestHeader("traceparent");
    // The flags are the span's own: sampled (01), and since OpenTelemetry 1.6x the W3C level-2 random bit too (03).
    assertThat(traceparent).contains("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
        + span.getSpanContext().getTraceFlags().asHex());
    assertThat(span.getSpanContext().getTraceFlags().isSampled()).isTrue();
  }

  private static void assertServer(ContractTarget target, Attributes attributes) {
    if (target.sendsHttp()) {
      assertThat(attributes.get(stringKey(GenAiNames.SERVER_ADDRESS))).isNotBlank();
      assertThat(attributes.get(AttributeKey.longKey(GenAiNames.SERVER_PORT))).isPositive();
    }
  }

  private static void assertTokenUsage(Sdk sdk, long input, long output) {
    MetricData usage = sdk.metric(GenAiNames.METRIC_TOKEN_USAGE).orElseThrow();
    assertThat(usage.getUnit()).isEqualTo("{token}");
    Collection<HistogramPointData> points = usage.getHistogramData().getPoints();
    assertThat(points).hasSize(2);
    for (HistogramPointData point : points) {
      assertThat(point.getBoundaries()).containsExactlyElementsOf(
          GenAiNames.TOKEN_BUCKETS.stream().map(Long::doubleValue).collect(Collectors.toList()));
      String type = point.getAttributes().get(stringKey(GenAiNames.TOKEN_TYPE));
      assertThat(point.getSum()).isEqualTo(type.equals(GenAiNames.TOKEN_TYPE_INPUT) ? input : output);
      assertThat(point.getSum()).isPositive();
    }
    assertThat(sdk.longSum(GenAiNames.METRIC_TOKENS, GenAiNames.TOKEN_TYPE, GenAiNames.TOKEN_TYPE_INPUT))
        .isEqualTo(input);
    assertThat(sdk.longSum(GenAiNames.METRIC_TOKENS, GenAiNames.TOKEN_TYPE, GenAiNames.TOKEN_TYPE_OUTPUT))
        .isEqualTo(output);
  }

  private static AttributeKey<String> stringKey(String name) {
    return AttributeKey.stringKey(name);
  }

  /** An in-memory SDK: spans exported when they end, metrics read on demand. */
  private static final class Sdk {
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .setPropagators(ContextPropagators.noop())
        .build();
    private Collection<MetricData> collected;

    List<SpanData> spans() {
      return new ArrayList<>(spans.getFinishedSpanItems());
    }

    SpanData onlySpan() {
      List<SpanData> finished = spans();
      assertThat(finished).as("finished spans").hasSize(1);
      return finished.get(0);
    }

    Optional<MetricData> metric(String name) {
      if (collected == null) {
        collected = metrics.collectAllMetrics();
      }
      return collected.stream().filter(metric -> metric.getName().equals(name)).findFirst();
    }

    HistogramPointData onlyHistogramPoint(String name, String unit) {
      MetricData metric = metric(name).orElseThrow(() -> new AssertionError("no metric " + name));
      assertThat(metric.getUnit()).isEqualTo(unit);
      Collection<HistogramPointData> points = metric.getHistogramData().getPoints();
      assertThat(points).as(name + " points").hasSize(1);
      return points.iterator().next();
    }

    long longSum(String name, String key, String value) {
      Optional<MetricData> metric = metric(name);
      if (metric.isEmpty()) {
        return 0;
      }
      long sum = 0;
      for (LongPointData point : metric.get().getLongSumData().getPoints()) {
        if (key == null || value.equals(point.getAttributes().get(stringKey(key)))) {
          sum += point.getValue();
        }
      }
      return sum;
    }
  }
}
