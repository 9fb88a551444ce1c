package ai.beluga.llms.observability;

import static ai.beluga.llms.observability.GenAiNames.DURATION_BUCKETS;
import static ai.beluga.llms.observability.GenAiNames.TOKEN_BUCKETS;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;

/**
 * The instruments of one model, built once, when the model is built: a tracer, the conventions' histograms
 * (in the released or the newest draft's shape) and the library's counters. Immutable and thread-safe.
 */
final class Telemetry {
  static final String SCOPE = "ai.beluga.llms";

  final Tracer tracer;
  final boolean tracing;
  final boolean metrics;
  final boolean latest;
  final boolean captureContent;
  final boolean propagate;
  final DoubleHistogram duration;
  final DoubleHistogram timeToFirstChunk;
  final DoubleHistogram timePerOutputChunk;
  /** Released conventions only. */
  final LongHistogram tokenUsage;
  /** Newest draft only. */
  final LongCounter draftInputTokens;
  final LongCounter draftOutputTokens;
  final LongCounter draftCacheReadTokens;
  final LongCounter draftReasoningTokens;
  final LongHistogram draftOperationInputTokens;
  final LongHistogram draftOperationOutputTokens;
  final LongCounter requests;
  final LongCounter tokens;
  final LongCounter retries;
  final LongUpDownCounter activeRequests;
  final LongUpDownCounter activeStreams;

  Telemetry(OpenTelemetry openTelemetry, boolean latest, boolean captureContent, boolean propagate) {
    this.tracer = openTelemetry.getTracer(SCOPE);
    this.tracing = openTelemetry.getTracerProvider() != TracerProvider.noop();
    // With no SDK every instrument is a shared no-op; this flag also spares building attributes for them.
    this.metrics = openTelemetry.getMeterProvider() != MeterProvider.noop();
    this.latest = latest;
    this.captureContent = captureContent;
    this.propagate = propagate;
    Meter meter = openTelemetry.getMeter(SCOPE);
    duration = seconds(meter, GenAiNames.METRIC_OPERATION_DURATION, "GenAI operation duration");
    timeToFirstChunk = seconds(meter, GenAiNames.METRIC_TIME_TO_FIRST_CHUNK,
        "Time to receive the first chunk of a streamed answer");
    timePerOutputChunk = seconds(meter, GenAiNames.METRIC_TIME_PER_OUTPUT_CHUNK,
        "Time between the chunks of a streamed answer after the first");
    if (latest) {
      tokenUsage = null;
      draftInputTokens = tokenCounter(meter, GenAiNames.METRIC_INFERENCE_USAGE_INPUT, "Input tokens used");
      draftOutputTokens = tokenCounter(meter, GenAiNames.METRIC_INFERENCE_USAGE_OUTPUT, "Output tokens used");
      draftCacheReadTokens = tokenCounter(meter, GenAiNames.METRIC_INFERENCE_USAGE_CACHE_READ,
          "Input tokens read from the provider's cache");
      draftReasoningTokens = tokenCounter(meter, GenAiNames.METRIC_INFERENCE_USAGE_REASONING,
          "Output tokens spent on reasoning");
      draftOperationInputTokens = tokenHistogram(meter, GenAiNames.METRIC_INFERENCE_OPERATION_INPUT,
          "Input tokens per operation");
      draftOperationOutputTokens = tokenHistogram(meter, GenAiNames.METRIC_INFERENCE_OPERATION_OUTPUT,
          "Output tokens per operation");
    } else {
      tokenUsage = tokenHistogram(meter, GenAiNames.METRIC_TOKEN_USAGE, "Number of input and output tokens used");
      draftInputTokens = null;
      draftOutputTokens = null;
      draftCacheReadTokens = null;
      draftReasoningTokens = null;
      draftOperationInputTokens = null;
      draftOperationOutputTokens = null;
    }
    requests = meter.counterBuilder(GenAiNames.METRIC_REQUESTS).setUnit("{request}")
        .setDescription("Model calls by outcome").build();
    tokens = meter.counterBuilder(GenAiNames.METRIC_TOKENS).setUnit("{token}")
        .setDescription("Tokens reported by the provider, by type").build();
    retries = meter.counterBuilder(GenAiNames.METRIC_RETRIES).setUnit("{retry}")
        .setDescription("Retries made by retry middleware").build();
    activeRequests = meter.upDownCounterBuilder(GenAiNames.METRIC_ACTIVE_REQUESTS).setUnit("{request}")
        .setDescription("Non-streamed calls in flight").build();
    activeStreams = meter.upDownCounterBuilder(GenAiNames.METRIC_ACTIVE_STREAMS).setUnit("{stream}")
        .setDescription("Streams subscribed to and not yet ended").build();
  }

  private static DoubleHistogram seconds(Meter meter, String name, String description) {
    return meter.histogramBuilder(name).setUnit("s").setDescription(description)
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
  }

  private static LongHistogram tokenHistogram(Meter meter, String name, String description) {
    return meter.histogramBuilder(name).ofLongs().setUnit("{token}").setDescription(description)
        .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
  }

  private static LongCounter tokenCounter(Meter meter, String name, String description) {
    return meter.counterBuilder(name).setUnit("{token}").setDescription(description).build();
  }
}
