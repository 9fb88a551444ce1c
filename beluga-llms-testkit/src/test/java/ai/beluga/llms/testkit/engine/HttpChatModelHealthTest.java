package ai.beluga.llms.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.testkit.RecordedRequest;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.llms.testkit.StubServer;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpChatModelHealthTest extends EngineTestSupport {

  @Test
  void aSuccessfulProbeIsHealthyWithItsLatency() {
    server.route("GET", "/models", StubResponse.json(200, "{\"models\":[]}").delay(Duration.ofMillis(50)));

    HealthStatus status = model(sse()).checkHealth();

    assertThat(status.state()).isEqualTo(HealthStatus.State.HEALTHY);
    assertThat(status.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(status.errorCode()).isEmpty();
    RecordedRequest probe = server.takeRequest();
    assertThat(probe.method()).isEqualTo("GET");
    assertThat(probe.path()).isEqualTo("/models");
    assertThat(probe.header("Authorization")).contains("Bearer " + ReferenceTranslator.API_KEY);
  }

  @Test
  void aProbeWithNoHeadersIsSent() {
    server.route("GET", "/models", StubResponse.json(200, "{\"models\":[]}"));

    HealthStatus status = model(sse().withUnauthenticatedProbe()).checkHealth();

    assertThat(status.state()).isEqualTo(HealthStatus.State.HEALTHY);
    assertThat(server.takeRequest().header("Authorization")).isEmpty();
  }

  static Stream<Arguments> failedProbes() {
    return Stream.of(
        argumentSet("401 is unhealthy", StubResponse.json(401,
            HttpChatModelChatTest.error("authentication_error", null)), HealthStatus.State.UNHEALTHY,
            ErrorCode.AUTHENTICATION),
        argumentSet("429 is degraded", StubResponse.json(429, HttpChatModelChatTest.error("rate_limit_error", null))
            .header("Retry-After", "1"), HealthStatus.State.DEGRADED, ErrorCode.RATE_LIMIT),
        argumentSet("503 is degraded", StubResponse.status(503), HealthStatus.State.DEGRADED, ErrorCode.OVERLOADED),
        argumentSet("404 is unhealthy", StubResponse.status(404), HealthStatus.State.UNHEALTHY,
            ErrorCode.NOT_FOUND));
  }

  @ParameterizedTest
  @MethodSource("failedProbes")
  void classifiesAFailedProbe(StubResponse reply, HealthStatus.State state, ErrorCode code) {
    server.route("GET", "/models", reply);

    HealthStatus status = model(sse()).checkHealth();

    assertThat(status.state()).isEqualTo(state);
    assertThat(status.errorCode()).contains(code);
    assertThat(status.detail()).isPresent();
    assertThat(status.latency()).isPositive();
  }

  @Test
  void anUnreachableServerIsUnhealthyWithNetwork() {
    StubServer gone = StubServer.start();
    ReferenceTranslator translator = ReferenceTranslator.sse(gone.uri());
    gone.close();

    HealthStatus status = model(translator).checkHealth();

    assertThat(status.state()).isEqualTo(HealthStatus.State.UNHEALTHY);
    assertThat(status.errorCode()).contains(ErrorCode.NETWORK);
  }
}
