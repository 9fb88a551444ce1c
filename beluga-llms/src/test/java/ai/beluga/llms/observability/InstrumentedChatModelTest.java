package ai.beluga.llms.observability;

import ai.beluga.llms.providers.mock.Mock;
import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.mock.MockReply;
import ai.beluga.llms.providers.mock.MockScript;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.ToolDefinition;
import ai.beluga.schema.Usage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstrumentedChatModelTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();

  @AfterEach
  void clearProperties() {
    System.clearProperty(GenAiNames.PROPERTY_SEMCONV_OPT_IN);
  }

  @Test
  void latestExperimentalOptInEmitsTheDraftTokenMetricsInstead() {
    System.setProperty(GenAiNames.PROPERTY_SEMCONV_OPT_IN, "http," + GenAiNames.LATEST_EXPERIMENTAL);
    ChatModel model = mock(Usage.builder().inputTokens(30).outputTokens(7).cachedInputTokens(10)
        .reasoningOutputTokens(3).build(), LlmOption.openTelemetry(sdk));

    model.chat("Hi");

    List<String> names = metricNames();
    assertThat(names).doesNotContain(GenAiNames.METRIC_TOKEN_USAGE)
        .contains(GenAiNames.METRIC_OPERATION_DURATION, GenAiNames.METRIC_INFERENCE_USAGE_INPUT,
            GenAiNames.METRIC_INFERENCE_USAGE_OUTPUT, GenAiNames.METRIC_INFERENCE_USAGE_CACHE_READ,
            GenAiNames.METRIC_INFERENCE_USAGE_REASONING, GenAiNames.METRIC_INFERENCE_OPERATION_INPUT,
            GenAiNames.METRIC_INFERENCE_OPERATION_OUTPUT);
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().get(AttributeKey.longKey(GenAiNames.USAGE_CACHE_READ_INPUT_TOKENS)))
        .isEqualTo(10L);
    assertThat(span.getAttributes().get(AttributeKey.longKey(GenAiNames.USAGE_REASONING_OUTPUT_TOKENS)))
        .isEqualTo(3L);
  }

  @Test
  void contentIsCapturedOnlyWhenAsked() {
    ChatRequest request = ChatRequest.builder().addMessage(Message.system("Be brief."))
        .addMessage(Message.user("Capital of France?"))
        .addTool(ToolDefinition.of("get_weather", "Weather", Weather.class)).build();

    mock(Usage.of(3, 1), LlmOption.openTelemetry(sdk)).chat(request);
    mock(Usage.of(3, 1), LlmOption.openTelemetry(sdk), LlmOption.Flag.CAPTURE_MESSAGE_CONTENT).chat(request);

    SpanData plain = spans.getFinishedSpanItems().get(0);
    SpanData captured = spans.getFinishedSpanItems().get(1);
    assertThat(plain.getAttributes().get(AttributeKey.stringKey(GenAiNames.INPUT_MESSAGES))).isNull();
    assertThat(captured.getAttributes().get(AttributeKey.stringKey(GenAiNames.INPUT_MESSAGES)))
        .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Capital of France?\"}]}]");
    assertThat(captured.getAttributes().get(AttributeKey.stringKey(GenAiNames.SYSTEM_INSTRUCTIONS)))
        .isEqualTo("[{\"type\":\"text\",\"content\":\"Be brief.\"}]");
    assertThat(captured.getAttributes().get(AttributeKey.stringKey(GenAiNames.OUTPUT_MESSAGES)))
        .startsWith("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Paris.\"}]")
        .endsWith("\"finish_reason\":\"stop\"}]");
    assertThat(captured.getAttributes().get(AttributeKey.stringKey(GenAiNames.TOOL_DEFINITIONS)))
        .startsWith("[{\"type\":\"function\",\"name\":\"get_weather\"");
  }

  @Test
  void longTextIsCutToTheCap() {
    String cut = ContentCapture.cut("x".repeat(ContentCapture.MAX_TEXT_CHARS + 5));
    assertThat(cut).hasSize(ContentCapture.MAX_TEXT_CHARS + ContentCapture.CUT_MARK.length())
        .endsWith(ContentCapture.CUT_MARK);
  }

  @Test
  void aNoopOpenTelemetryRecordsNothingAndAnswers() {
    ChatModel model = mock(Usage.of(3, 1), LlmOption.openTelemetry(OpenTelemetry.noop()));
    assertThat(model.chat("Hi").text()).isEqualTo("Paris.");
    assertThat(model).isInstanceOf(InstrumentedChatModel.class);
  }

  @Test
  void providerNamesFollowTheConventions() {
    assertThat(GenAiNames.providerName("gemini")).isEqualTo("gcp.gemini");
    assertThat(GenAiNames.providerName("bedrock")).isEqualTo("aws.bedrock");
    assertThat(GenAiNames.providerName("mistral")).isEqualTo("mistral_ai");
    assertThat(GenAiNames.providerName("azure-openai")).isEqualTo("azure.ai.openai");
    assertThat(GenAiNames.providerName("openai")).isEqualTo("openai");
    assertThat(GenAiNames.providerName("ollama")).isEqualTo("ollama");
  }

  private static ChatModel mock(Usage usage, LlmOption... options) {
    MockScript script = MockScript.create().enqueue(MockReply.of(new ChatResponse(Message.assistant("Paris."), usage,
        FinishReason.STOP, Optional.of("stop"), Optional.empty(), Optional.empty(), Map.of())));
    return Mock.chatModel(MockConfig.builder().script(script).build(), options);
  }

  private List<String> metricNames() {
    Collection<MetricData> all = metrics.collectAllMetrics();
    return all.stream().map(MetricData::getName).collect(Collectors.toList());
  }

  record Weather(String city) {}
}
