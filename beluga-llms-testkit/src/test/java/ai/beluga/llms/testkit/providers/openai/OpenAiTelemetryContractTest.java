package ai.beluga.llms.testkit.providers.openai;

import ai.beluga.llms.providers.openai.OpenAiPreset;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.HttpContractFixture;
import ai.beluga.llms.testkit.TelemetryContractTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Runs the telemetry contract suite against the OpenAI provider on a stub server speaking Chat Completions: OpenAI
 * itself, Azure OpenAI and Groq (no usage in streams), as the chat contract test does.
 */
class OpenAiTelemetryContractTest extends TelemetryContractTest {
  private final HttpContractFixture fixture = new HttpContractFixture("openai-telemetry-scheduler");
  private final List<OpenAiContractTarget> targets = List.of(
      new OpenAiContractTarget("openai", OpenAiPreset.OPENAI, fixture.client(), fixture.scheduler()),
      new OpenAiContractTarget("azure-openai", OpenAiPreset.AZURE_OPENAI, fixture.client(), fixture.scheduler()),
      new OpenAiContractTarget("groq", OpenAiPreset.GROQ, fixture.client(), fixture.scheduler()));

  @Override
  protected List<ContractTarget> targets() {
    return List.copyOf(targets);
  }

  @AfterAll
  void closeTargets() throws InterruptedException {
    fixture.close(targets);
  }
}
