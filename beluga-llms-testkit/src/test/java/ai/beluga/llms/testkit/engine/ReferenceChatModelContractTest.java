package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.spi.ChatTranslator.StreamFraming;
import ai.beluga.llms.testkit.ChatModelContractTest;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.HttpContractFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Runs the contract suite against a provider on the HTTP engine, the {@link ReferenceTranslator}'s made-up wire format,
 * once with SSE streams and once with NDJSON streams: the path every real HTTP provider's contract test takes.
 */
class ReferenceChatModelContractTest extends ChatModelContractTest {
  private final HttpContractFixture fixture = new HttpContractFixture("reference-contract-scheduler");
  private final List<ReferenceContractTarget> targets = List.of(
      new ReferenceContractTarget("reference over SSE", StreamFraming.SSE, fixture.client(), fixture.scheduler()),
      new ReferenceContractTarget("reference over NDJSON", StreamFraming.NDJSON, fixture.client(),
          fixture.scheduler()));

  @Override
  protected List<ContractTarget> targets() {
    return List.copyOf(targets);
  }

  @AfterAll
  void closeTargets() throws InterruptedException {
    fixture.close(targets);
  }
}
