package ai.beluga.llms.testkit.providers.openai;

import ai.beluga.llms.providers.openai.OpenAiPreset;
import ai.beluga.llms.testkit.ChatModelContractTest;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.HttpContractFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Runs the contract suite against the OpenAI provider on a stub server speaking Chat Completions: OpenAI itself,
 * Azure OpenAI (deployment URL, {@code api-version}, {@code api-key} header), and Groq (no {@code stream_options},
 * so no usage in streams).
 */
class OpenAiChatModelContractTest extends ChatModelContractTest {
  private final HttpContractFixture fixture = new HttpContractFixture("openai-contract-scheduler");
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
