package ai.beluga.llms.testkit.resilience;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.spi.http.HttpProviders;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.testkit.StubServer;
import ai.beluga.llms.testkit.engine.ReferenceTranslator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A stub server and a model on the HTTP engine (the reference wire format) with the library's default stack. */
abstract class StubSupport {
  static final Duration PATIENCE = Duration.ofSeconds(5);
  static final String ANSWER = "{\"id\":\"r-1\",\"model\":\"ref-small\",\"text\":\"Hello there\","
      + "\"finish\":\"stop\",\"usage\":{\"input\":3,\"output\":2}}";

  StubServer server;
  HttpClient client;
  ScheduledExecutorService scheduler;

  @BeforeEach
  void startStub() {
    server = StubServer.start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "resilience-test-scheduler");
      thread.setDaemon(true);
      return thread;
    });
  }

  @AfterEach
  void stopStub() throws InterruptedException {
    server.close();
    scheduler.shutdownNow();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** The bare engine model, no middleware. */
  ChatModel bare(String model, Duration timeout) {
    return HttpProviders.chatModel(ReferenceTranslator.sse(server.uri()),
        HttpModelSettings.of(model, ChatOptions.none(), timeout),
        new ProviderContext(client, Clock.systemUTC(), scheduler));
  }

  /** The engine model wrapped as a factory wraps it (retry on by default). */
  ChatModel model(LlmOption... options) {
    LlmOption[] all = java.util.Arrays.copyOf(options, options.length + 1);
    all[options.length] = LlmOption.scheduler(scheduler);
    return Llms.wrap(bare("ref-small", Duration.ofSeconds(10)), all);
  }

  static String error(String type, String code) {
    return "{\"error\":{\"type\":\"" + type + "\"" + (code == null ? "" : ",\"code\":\"" + code + "\"")
        + ",\"message\":\"something went wrong\"}}";
  }
}
