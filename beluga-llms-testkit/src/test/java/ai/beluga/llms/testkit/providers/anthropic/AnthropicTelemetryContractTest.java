package ai.beluga.llms.testkit.providers.anthropic;

import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.TelemetryContractTest;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/** Runs the telemetry contract suite against the {@code anthropic} provider and a stub Messages API. */
class AnthropicTelemetryContractTest extends TelemetryContractTest {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "anthropic-telemetry-scheduler");
    thread.setDaemon(true);
    return thread;
  });
  private final List<AnthropicContractTarget> targets = new ArrayList<>(List.of(
      new AnthropicContractTarget(client, scheduler)));

  @Override
  protected List<ContractTarget> targets() {
    return List.copyOf(targets);
  }

  @AfterAll
  void closeTargets() throws InterruptedException {
    targets.forEach(AnthropicContractTarget::close);
    scheduler.shutdownNow();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
  }
}
