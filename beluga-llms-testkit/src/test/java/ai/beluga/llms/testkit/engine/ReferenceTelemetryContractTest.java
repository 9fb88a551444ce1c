package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.spi.ChatTranslator.StreamFraming;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.TelemetryContractTest;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/** Runs the telemetry contract suite against a provider on the HTTP engine, over SSE and over NDJSON. */
class ReferenceTelemetryContractTest extends TelemetryContractTest {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "reference-telemetry-scheduler");
    thread.setDaemon(true);
    return thread;
  });
  private final List<ReferenceContractTarget> targets = new ArrayList<>(List.of(
      new ReferenceContractTarget("reference over SSE", StreamFraming.SSE, client, scheduler),
      new ReferenceContractTarget("reference over NDJSON", StreamFraming.NDJSON, client, scheduler)));

  @Override
  protected List<ContractTarget> targets() {
    return List.copyOf(targets);
  }

  @AfterAll
  void closeTargets() throws InterruptedException {
    targets.forEach(ReferenceContractTarget::close);
    scheduler.shutdownNow();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
  }
}
