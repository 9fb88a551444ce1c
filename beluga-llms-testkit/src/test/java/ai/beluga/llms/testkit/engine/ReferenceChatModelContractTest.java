package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.spi.ChatTranslator.StreamFraming;
import ai.beluga.llms.testkit.ChatModelContractTest;
import ai.beluga.llms.testkit.ContractTarget;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/**
 * Runs the contract suite against a provider on the HTTP engine, the {@link ReferenceTranslator}'s made-up wire format,
 * once with SSE streams and once with NDJSON streams: the path every real HTTP provider's contract test takes.
 */
class ReferenceChatModelContractTest extends ChatModelContractTest {
  // HTTP/1.1: the stub server speaks nothing else, and an h2c upgrade offer only adds headers to every request.
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "reference-contract-scheduler");
    thread.setDaemon(true);
    return thread;
  });
  private final List<ReferenceContractTarget> targets = List.of(
      new ReferenceContractTarget("reference over SSE", StreamFraming.SSE, client, scheduler),
      new ReferenceContractTarget("reference over NDJSON", StreamFraming.NDJSON, client, scheduler));

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
