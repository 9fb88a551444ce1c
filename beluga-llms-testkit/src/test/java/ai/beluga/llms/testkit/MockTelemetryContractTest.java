package ai.beluga.llms.testkit;

import java.util.List;

/** Runs the telemetry contract suite against the {@code mock} provider. */
class MockTelemetryContractTest extends TelemetryContractTest {

  @Override
  protected List<ContractTarget> targets() {
    return List.of(new MockContractTarget());
  }
}
