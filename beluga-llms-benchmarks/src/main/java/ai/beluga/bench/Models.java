package ai.beluga.bench;

import ai.beluga.llms.providers.openai.OpenAi;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.middleware.RetryPolicy;
import ai.beluga.llms.providers.openai.OpenAiConfig;
import ai.beluga.schema.Message;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Map;

/** The library's side of each benchmark: models against the stub, in the stacks the issue names. */
public final class Models {
  /** The request every library benchmark sends, built once as an application would. */
  public static final ChatRequest REQUEST = ChatRequest.builder()
      .addMessage(Message.system("Answer in one sentence."))
      .addMessage(Message.user("What is the capital of France?"))
      .build();

  /** The decorator stacks measured. */
  public enum Stack {
    /**
     * The provider model with no decorator at all (no telemetry, no retry, no health cache): what the default stack's
     * cost is measured against.
     */
    UNDECORATED,
    /** Retries off and telemetry on a no-op OpenTelemetry: the least the library can be asked to do. */
    BARE,
    /** The defaults: retries on, telemetry on GlobalOpenTelemetry with no SDK installed (a no-op). */
    DEFAULTS,
    /** The defaults with the OpenTelemetry SDK and in-memory exporters. */
    SDK
  }

  private Models() {}

  /**
   * Builds the options of a stack.
   *
   * @param stack the stack
   * @return the options
   */
  public static LlmOption[] options(Stack stack) {
    switch (stack) {
      case UNDECORATED:
        return new LlmOption[0];
      case BARE:
        return new LlmOption[] {LlmOption.retry(RetryPolicy.none()), LlmOption.openTelemetry(OpenTelemetry.noop())};
      case DEFAULTS:
        return new LlmOption[0];
      default:
        return new LlmOption[] {LlmOption.openTelemetry(sdk())};
    }
  }

  /**
   * An OpenTelemetry SDK exporting spans and metrics to memory. Spans go through a simple processor into an
   * exporter that is reset as it grows, so that a long benchmark does not fill the heap.
   *
   * @return the SDK
   */
  public static OpenTelemetrySdk sdk() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    SdkTracerProvider tracer = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(new BoundedExporter(spans)))
        .build();
    SdkMeterProvider meter = SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
    return OpenTelemetrySdk.builder().setTracerProvider(tracer).setMeterProvider(meter).build();
  }

  /**
   * An OpenAI model on the stub.
   *
   * @param stub the stub
   * @param stack the decorators
   * @return the model
   */
  public static ChatModel openAi(BenchServer stub, Stack stack) {
    OpenAiConfig config = OpenAiConfig.builder().apiKey(Secret.of("sk-bench")).model("gpt-4o-mini")
        .baseUrl(stub.baseUrl()).build();
    if (stack == Stack.UNDECORATED) {
      // The same shared client and scheduler the factories use, without any middleware around the provider.
      return ai.beluga.llms.providers.openai.OpenAiProviderFactory.chatModel(config,
          new ai.beluga.llms.spi.ProviderContext(ai.beluga.llms.internal.Defaults.httpClient(),
              java.time.Clock.systemUTC(), ai.beluga.llms.internal.Defaults.scheduler()));
    }
    return OpenAi.chatModel(config, options(stack));
  }

  /**
   * An Anthropic model on the stub, through the registry. Works once the {@code anthropic} provider is registered.
   *
   * @param stub the stub
   * @param stack the decorators
   * @return the model
   */
  public static ChatModel anthropic(BenchServer stub, Stack stack) {
    if (!Llms.providers().contains("anthropic")) {
      throw new IllegalStateException("the anthropic provider is not registered in this build; run with"
          + " -p provider=openai");
    }
    return Llms.create("anthropic", Map.of("apiKey", "sk-ant-bench", "model", "claude-3-5-sonnet-20241022",
        "baseUrl", stub.root().toString(), "defaultMaxTokens", "1024"), options(stack));
  }

  /** Keeps the in-memory span exporter from growing without bound over a benchmark. */
  private static final class BoundedExporter implements io.opentelemetry.sdk.trace.export.SpanExporter {
    private final InMemorySpanExporter delegate;
    private final java.util.concurrent.atomic.AtomicInteger exported = new java.util.concurrent.atomic.AtomicInteger();

    BoundedExporter(InMemorySpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode export(
        java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
      if (exported.addAndGet(spans.size()) > 10_000) {
        exported.set(0);
        delegate.reset();
      }
      return delegate.export(spans);
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }
}
