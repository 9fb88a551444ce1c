package ai.beluga.llms.testkit.providers.anthropic;

import ai.beluga.llms.testkit.ChatModelContractTest;
import ai.beluga.llms.testkit.ContractTarget;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/** Runs the contract suite against the {@code anthropic} provider and a stub server speaking the Messages API. */
class AnthropicChatModelContractTest extends ChatModelContractTest {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "anthropic-contract-scheduler");
    thread.setDaemon(true);
    return thread;
  });
  private final AnthropicContractTarget target = new AnthropicContractTarget(client, scheduler);

  @Override
  protected List<ContractTarget> targets() {
    return List.of(target);
  }

  @AfterAll
  void closeTarget() throws InterruptedException {
    target.close();
    scheduler.shutdownNow();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
  }
}
