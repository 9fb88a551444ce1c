package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.spi.http.HttpProviders;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.testkit.StubServer;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A stub server, an HTTP/1.1 client and a scheduler per test, and a model on the engine pointing at the server. HTTP/1.1
 * because the stub speaks nothing else and an {@code h2c} upgrade offer only adds headers to every recorded request.
 */
abstract class EngineTestSupport {
  static final String MODEL = "ref-small";
  static final Duration MODEL_TIMEOUT = Duration.ofSeconds(10);
  /** How long a test waits for something that should happen at once; generous for a loaded CI machine. */
  static final Duration PATIENCE = Duration.ofSeconds(5);

  StubServer server;
  HttpClient client;
  ScheduledExecutorService scheduler;

  @BeforeEach
  void startEngine() {
    server = StubServer.start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "engine-test-scheduler");
      thread.setDaemon(true);
      return thread;
    });
  }

  @AfterEach
  void stopEngine() throws InterruptedException {
    server.close();
    scheduler.shutdownNow();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
  }

  ChatModel model(ReferenceTranslator translator) {
    return model(translator, HttpModelSettings.of(MODEL, ChatOptions.none(), MODEL_TIMEOUT));
  }

  ChatModel model(ReferenceTranslator translator, HttpModelSettings settings) {
    return HttpProviders.chatModel(translator, settings, new ProviderContext(client, Clock.systemUTC(), scheduler));
  }

  ReferenceTranslator sse() {
    return ReferenceTranslator.sse(server.uri());
  }

  ReferenceTranslator ndjson() {
    return ReferenceTranslator.ndjson(server.uri());
  }
}
