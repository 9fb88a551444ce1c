package ai.beluga.llms.testkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.llms.testkit.engine.Frames;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each cancellation path, through the default stack (retry included), closes the connection and leaks no thread. */
class CancellationOverHttpTest extends StubSupport {
  private ChatModel model;
  private int threadsBefore;

  @BeforeEach
  void warmUp() {
    model = model();
    // The HTTP client starts its selector and first workers on the first exchange.
    server.enqueue(StubResponse.json(200, ANSWER));
    model.chat("warm up");
    threadsBefore = liveThreads();
  }

  @Test
  void interruptingChatClosesTheConnection() {
    // A body that never ends: the stub notices the client leaving while it holds the exchange open.
    server.enqueue(StubResponse.sse().data(Frames.text("Hi")).holdOpen(Duration.ofSeconds(8)));
    Thread caller = Thread.currentThread();
    Thread interrupter = new Thread(() -> {
      server.takeRequest(PATIENCE);
      server.takeRequest(PATIENCE);
      caller.interrupt();
    });
    interrupter.start();

    LlmException error = catchThrowableOfType(LlmException.class, () -> model.chat("Hi"));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED);
    assertConnectionClosedAndNoThreadLeft();
  }

  @Test
  void cancellingChatAsyncClosesTheConnection() {
    // A body that never ends: the stub notices the client leaving while it holds the exchange open.
    server.enqueue(StubResponse.sse().data(Frames.text("Hi")).holdOpen(Duration.ofSeconds(8)));

    CompletableFuture<?> future = model.chatAsync(ChatRequest.of("Hi"));
    server.takeRequest(PATIENCE);
    server.takeRequest(PATIENCE);
    future.cancel(true);

    assertThat(future).isCancelled();
    assertConnectionClosedAndNoThreadLeft();
  }

  @Test
  void closingAStreamClosesTheConnection() {
    server.enqueue(StubResponse.sse().data(Frames.start("r-1", "ref-small")).holdOpen(Duration.ofSeconds(8)));

    try (ChatStream stream = model.stream("Hi")) {
      assertThat(stream.iterator().next()).isInstanceOf(StreamEvent.ResponseStarted.class);
    }

    assertConnectionClosedAndNoThreadLeft();
  }

  @Test
  void cancellingASubscriptionClosesTheConnection() throws Exception {
    server.enqueue(StubResponse.sse().data(Frames.start("r-1", "ref-small")).holdOpen(Duration.ofSeconds(8)));
    AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    CompletableFuture<StreamEvent> first = new CompletableFuture<>();

    model.stream("Hi").toPublisher().subscribe(new Flow.Subscriber<StreamEvent>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription.set(s);
        s.request(1);
      }

      @Override
      public void onNext(StreamEvent item) {
        first.complete(item);
      }

      @Override
      public void onError(Throwable throwable) {
        first.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {}
    });
    first.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    subscription.get().cancel();

    assertConnectionClosedAndNoThreadLeft();
  }

  private void assertConnectionClosedAndNoThreadLeft() {
    assertThat(server.awaitClientDisconnect(PATIENCE)).as("the stub saw the connection close").isTrue();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    int live = liveThreads();
    while (live > threadsBefore + 2 && System.nanoTime() < deadline) {
      sleep(50);
      live = liveThreads();
    }
    // The HTTP client may start an idle worker or two; a leak is a thread stuck per call.
    assertThat(live).isLessThanOrEqualTo(threadsBefore + 2);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int liveThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !thread.getName().startsWith("StubServer-"))
        .count();
  }
}
