package ai.beluga.llms.testkit.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.middleware.ForwardingChatModel;
import ai.beluga.llms.observability.InstrumentedChatModel;
import ai.beluga.llms.testkit.MockContractTarget;
import ai.beluga.schema.Usage;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/** The one log line per call: key-value pairs, the span's trace and span ids, the MDC while the call runs. */
class CallLogLineTest {
  private static final String SECRET_PROMPT = "my secret prompt 42";
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();

  @BeforeEach
  void forgetEarlierLines() {
    CapturingSlf4jProvider.clear();
  }

  @Test
  void logLineCarriesTheTraceIdOfTheSpan() {
    AtomicReference<Map<String, String>> mdcDuringCall = new AtomicReference<>();
    ChatModel model = new MockContractTarget("mock", LlmOption.openTelemetry(sdk), LlmOption.middleware(next ->
        new ForwardingChatModel(next) {
          @Override
          public ChatResponse chat(ChatRequest request) {
            mdcDuringCall.set(MDC.getCopyOfContextMap());
            return super.chat(request);
          }
        })).scriptText("Hello.", Usage.of(5, 2));

    model.chat(SECRET_PROMPT);

    SpanData span = spans.getFinishedSpanItems().get(0);
    List<CapturingSlf4jProvider.Event> lines = callLines();
    assertThat(lines).hasSize(1);
    CapturingSlf4jProvider.Event line = lines.get(0);
    assertThat(line.level()).isEqualTo(Level.DEBUG);
    assertThat(line.message()).contains("provider=mock", "model=" + model.model(), "operation=chat",
        "input_tokens=5", "output_tokens=2", "finish_reason=", "duration_ms=",
        "trace_id=" + span.getTraceId(), "span_id=" + span.getSpanId());
    assertThat(line.message()).doesNotContain(SECRET_PROMPT);
    assertThat(mdcDuringCall.get()).containsEntry("trace_id", span.getTraceId())
        .containsEntry("span_id", span.getSpanId());
    assertThat(MDC.get("trace_id")).isNull();
  }

  @Test
  void failureIsLoggedAtInfoWithItsErrorCode() {
    ChatModel model = new MockContractTarget("mock", LlmOption.openTelemetry(sdk))
        .scriptError(ErrorCode.RATE_LIMIT);

    assertThatThrownBy(() -> model.chat(SECRET_PROMPT)).isInstanceOf(LlmException.class);

    List<CapturingSlf4jProvider.Event> lines = callLines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).level()).isEqualTo(Level.INFO);
    assertThat(lines.get(0).message()).contains("outcome=error", "error_code=rate_limit")
        .doesNotContain(SECRET_PROMPT);
  }

  private static List<CapturingSlf4jProvider.Event> callLines() {
    return CapturingSlf4jProvider.events().stream()
        .filter(event -> event.logger().equals(InstrumentedChatModel.class.getName()))
        .collect(Collectors.toList());
  }
}
