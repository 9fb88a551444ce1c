package ai.beluga.llms.testkit.providers.anthropic;

import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.HttpContractFixture;
import ai.beluga.llms.testkit.TelemetryContractTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** Runs the telemetry contract suite against the {@code anthropic} provider and a stub Messages API. */
class AnthropicTelemetryContractTest extends TelemetryContractTest {
  private final HttpContractFixture fixture = new HttpContractFixture("anthropic-telemetry-scheduler");
  private final List<AnthropicContractTarget> targets = new ArrayList<>(List.of(
      new AnthropicContractTarget(fixture.client(), fixture.scheduler())));

  @Override
  protected List<ContractTarget> targets() {
    return List.copyOf(targets);
  }

  @AfterAll
  void closeTargets() throws InterruptedException {
    fixture.close(targets);
  }
}
