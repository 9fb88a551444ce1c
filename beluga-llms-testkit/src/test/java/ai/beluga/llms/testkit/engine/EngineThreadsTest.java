package ai.beluga.llms.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.testkit.StubResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EngineThreadsTest extends EngineTestSupport {
  private static final int STREAMS = 40;

  @Test
  void closingManyStreamsLeavesNoThreadBehind() throws Exception {
    ChatModel model = model(sse());
    // Warm up: the HTTP client starts its selector and first worker threads on the first exchange.
    server.enqueue(Frames.sse(HttpChatModelStreamTest.FRAMES).data(Frames.DONE));
    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      stream.collect();
    }
    int before = liveThreads();

    for (int i = 0; i < STREAMS; i++) {
      server.enqueue(StubResponse.sse().data(Frames.text("Hello")).holdOpen(Duration.ofSeconds(10)));
      try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
        Iterator<?> events = stream.iterator();
        events.next();
      }
    }

    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (server.clientDisconnects() < STREAMS && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.clientDisconnects()).as("every closed stream closed its connection").isEqualTo(STREAMS);
    // A leak would be a thread per stream. The HTTP client's pool may keep a few idle workers; the stub server's own
    // cached pool keeps a thread per exchange that overlapped another, so its threads are not counted.
    int after = waitForThreadsToSettle(before + 8);
    assertThat(after).as("live threads after %d closed streams: %s", STREAMS, threadNames())
        .isLessThanOrEqualTo(before + 8);
    assertThat(threadsInTheEngine()).as("threads still inside the engine").isEmpty();
  }

  private static int waitForThreadsToSettle(int target) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    int live = liveThreads();
    while (live > target && System.nanoTime() < deadline) {
      Thread.sleep(50);
      live = liveThreads();
    }
    return live;
  }

  private static int liveThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !thread.getName().startsWith("StubServer-"))
        .count();
  }

  /** Threads other than this one with an engine or API frame on their stack: a reader stuck waiting, for example. */
  private static List<String> threadsInTheEngine() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(entry -> entry.getKey() != Thread.currentThread())
        .filter(entry -> Arrays.stream(entry.getValue()).anyMatch(frame -> frame.getClassName()
            .startsWith("ai.beluga.llms.") && !frame.getClassName().startsWith("ai.beluga.llms.testkit.")))
        .map(entry -> entry.getKey().getName())
        .collect(Collectors.toList());
  }

  private static Map<String, Long> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .collect(Collectors.groupingBy(t -> t.getName().replaceAll("\\d+", "#"), Collectors.counting()));
  }
}
