package ai.beluga.llms.testkit.providers.anthropic;

import ai.beluga.llms.testkit.ChatModelContractTest;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.HttpContractFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** Runs the contract suite against the {@code anthropic} provider and a stub server speaking the Messages API. */
class AnthropicChatModelContractTest extends ChatModelContractTest {
  private final HttpContractFixture fixture = new HttpContractFixture("anthropic-contract-scheduler");
  private final AnthropicContractTarget target = new AnthropicContractTarget(fixture.client(), fixture.scheduler());

  @Override
  protected List<ContractTarget> targets() {
    return List.of(target);
  }

  @AfterAll
  void closeTarget() throws InterruptedException {
    fixture.close(List.of(target));
  }
}
