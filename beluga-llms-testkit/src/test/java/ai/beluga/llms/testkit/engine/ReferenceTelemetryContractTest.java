package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.spi.ChatTranslator.StreamFraming;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.HttpContractFixture;
import ai.beluga.llms.testkit.TelemetryContractTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** Runs the telemetry contract suite against a provider on the HTTP engine, over SSE and over NDJSON. */
class ReferenceTelemetryContractTest extends TelemetryContractTest {
  private final HttpContractFixture fixture = new HttpContractFixture("reference-telemetry-scheduler");
  private final List<ReferenceContractTarget> targets = new ArrayList<>(List.of(
      new ReferenceContractTarget("reference over SSE", StreamFraming.SSE, fixture.client(), fixture.scheduler()),
      new ReferenceContractTarget("reference over NDJSON", StreamFraming.NDJSON, fixture.client(),
          fixture.scheduler())));

  @Override
  protected List<ContractTarget> targets() {
    return List.copyOf(targets);
  }

  @AfterAll
  void closeTargets() throws InterruptedException {
    fixture.close(targets);
  }
}
