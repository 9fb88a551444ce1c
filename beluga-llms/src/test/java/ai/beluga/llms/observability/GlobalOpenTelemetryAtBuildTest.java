package ai.beluga.llms.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.providers.mock.Mock;
import ai.beluga.llms.providers.mock.MockConfig;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without {@code LlmOption.openTelemetry}, a model reports to {@code GlobalOpenTelemetry.getOrNoop()} as it was when
 * the model was built. The global is process state: each test resets it before and after.
 */
class GlobalOpenTelemetryAtBuildTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();

  @BeforeEach
  @AfterEach
  void resetTheGlobal() {
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void aGlobalSdkRegisteredBeforeTheModelIsBuiltIsUsed() {
    GlobalOpenTelemetry.set(sdk);
    ChatModel model = Mock.chatModel(MockConfig.builder().reply("hi").build());

    model.chat("hello");

    assertThat(spans.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void buildingAModelDoesNotFreezeTheGlobalAndOneRegisteredLaterIsNotUsed() {
    ChatModel model = Mock.chatModel(MockConfig.builder().reply("hi").build());

    assertThat(GlobalOpenTelemetry.isSet()).as("building a model leaves the global unset").isFalse();
    GlobalOpenTelemetry.set(sdk);
    model.chat("hello");

    assertThat(spans.getFinishedSpanItems()).as("the model kept the no-op it was built with").isEmpty();
  }
}
