package ai.beluga.llms.testkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.health.HealthChecks;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.middleware.FallbackChatModel;
import ai.beluga.llms.middleware.RetryPolicy;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.llms.testkit.StubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FallbackAndHealthOverHttpTest extends StubSupport {

  @Test
  void theFallbackAnswersFromTheSecondModel() {
    ChatModel secondary = Llms.wrap(bare("ref-large", Duration.ofSeconds(10)), LlmOption.retry(RetryPolicy.none()));
    ChatModel model = model(LlmOption.retry(RetryPolicy.none()), LlmOption.middleware(next ->
        new FallbackChatModel(next, List.of(secondary), Set.of(ErrorCode.OVERLOADED, ErrorCode.RATE_LIMIT))));
    server.enqueue(StubResponse.json(529, error("overloaded_error", "overloaded")));
    server.enqueue(StubResponse.json(200, ANSWER));

    ChatResponse response = model.chat("Hi");

    assertThat(response.text()).isEqualTo("Hello there");
    assertThat(response.metadata()).containsEntry(FallbackChatModel.ANSWERED_BY, "reference/ref-large")
        .containsEntry(FallbackChatModel.ANSWERED_BY_INDEX, "1");
    assertThat(server.takeRequest().bodyAsString()).contains("\"model\":\"ref-small\"");
    assertThat(server.takeRequest().bodyAsString()).contains("\"model\":\"ref-large\"");
  }

  @Test
  void aStreamThatFallsBackRecordsTheAnsweringModel() {
    ChatModel secondary = Llms.wrap(bare("ref-large", Duration.ofSeconds(10)), LlmOption.retry(RetryPolicy.none()));
    ChatModel model = model(LlmOption.retry(RetryPolicy.none()), LlmOption.middleware(next ->
        new FallbackChatModel(next, List.of(secondary), Set.of(ErrorCode.OVERLOADED))));
    server.enqueue(StubResponse.json(529, error("overloaded_error", "overloaded")));
    server.enqueue(ai.beluga.llms.testkit.engine.Frames.sse(List.of(
        ai.beluga.llms.testkit.engine.Frames.start("r-2", "ref-large"),
        ai.beluga.llms.testkit.engine.Frames.text("Hello"),
        ai.beluga.llms.testkit.engine.Frames.finish("stop"))).data(ai.beluga.llms.testkit.engine.Frames.DONE));

    try (ai.beluga.llms.ChatStream stream = model.stream("Hi")) {
      ChatResponse response = stream.collect();
      assertThat(response.text()).isEqualTo("Hello");
      assertThat(response.metadata()).containsEntry(FallbackChatModel.ANSWERED_BY, "reference/ref-large")
          .containsEntry(FallbackChatModel.ANSWERED_BY_INDEX, "1");
    }
  }

  @Test
  void theHealthProbeReportsHealthyUnhealthyOnAWrongKeyAndDegradedOn429() {
    server.enqueue(StubResponse.json(200, "{\"models\":[]}"));
    server.enqueue(StubResponse.json(401, error("authentication_error", null)));
    server.enqueue(StubResponse.json(429, error("rate_limit_error", null)).header("Retry-After", "1"));
    ChatModel uncached = model(LlmOption.healthCheck(Duration.ZERO, Duration.ofSeconds(5)));

    assertThat(uncached.checkHealth().state()).isEqualTo(HealthStatus.State.HEALTHY);
    HealthStatus wrongKey = uncached.checkHealth();
    assertThat(wrongKey.state()).isEqualTo(HealthStatus.State.UNHEALTHY);
    assertThat(wrongKey.errorCode()).contains(ErrorCode.AUTHENTICATION);
    HealthStatus limited = uncached.checkHealth();
    assertThat(limited.state()).isEqualTo(HealthStatus.State.DEGRADED);
    assertThat(limited.errorCode()).contains(ErrorCode.RATE_LIMIT);
  }

  @Test
  void aStatusIsCachedForItsTimeToLive() {
    server.enqueue(StubResponse.json(200, "{\"models\":[]}"));
    ChatModel model = model();

    model.checkHealth();
    model.checkHealth();

    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void aSlowProbeIsDegraded() {
    server.enqueue(StubResponse.json(200, "{\"models\":[]}").delay(Duration.ofMillis(300)));

    HealthStatus status = model(LlmOption.healthCheck(Duration.ZERO, Duration.ofMillis(100))).checkHealth();

    assertThat(status.state()).isEqualTo(HealthStatus.State.DEGRADED);
  }

  @Test
  void checkAllReportsEachModel() {
    try (StubServer other = StubServer.start()) {
      server.enqueue(StubResponse.json(200, "{\"models\":[]}"));
      other.enqueue(StubResponse.json(401, error("authentication_error", null)));
      ChatModel second = Llms.wrap(ai.beluga.llms.spi.http.HttpProviders.chatModel(
          ai.beluga.llms.testkit.engine.ReferenceTranslator.sse(other.uri()),
          ai.beluga.llms.spi.HttpModelSettings.of("ref-small", ai.beluga.llms.ChatOptions.none(),
              Duration.ofSeconds(10)),
          new ai.beluga.llms.spi.ProviderContext(client, java.time.Clock.systemUTC(), scheduler)));

      Map<String, HealthStatus> report = HealthChecks.checkAll(Map.of("first", model(), "second", second),
          PATIENCE);

      assertThat(report.get("first").state()).isEqualTo(HealthStatus.State.HEALTHY);
      assertThat(report.get("second").errorCode()).contains(ErrorCode.AUTHENTICATION);
    }
  }
}
