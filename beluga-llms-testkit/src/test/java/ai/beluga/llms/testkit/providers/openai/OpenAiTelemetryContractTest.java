package ai.beluga.llms.testkit.providers.openai;

import ai.beluga.llms.providers.openai.OpenAiPreset;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.TelemetryContractTest;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/**
 * Runs the telemetry contract suite against the OpenAI provider on a stub server speaking Chat Completions: OpenAI
 * itself, Azure OpenAI and Groq (no usage in streams), as the chat contract test does.
 */
class OpenAiTelemetryContractTest extends TelemetryContractTest {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "openai-telemetry-scheduler");
    thread.setDaemon(true);
    return thread;
  });
  private final List<OpenAiContractTarget> targets = List.of(
      new OpenAiContractTarget("openai", OpenAiPreset.OPENAI, client, scheduler),
      new OpenAiContractTarget("azure-openai", OpenAiPreset.AZURE_OPENAI, client, scheduler),
      new OpenAiContractTarget("groq", OpenAiPreset.GROQ, client, scheduler));

  @Override
  protected List<ContractTarget> targets() {
    return List.copyOf(targets);
  }

  @AfterAll
  void closeTargets() throws InterruptedException {
    targets.forEach(OpenAiContractTarget::close);
    scheduler.shutdownNow();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
  }
}
