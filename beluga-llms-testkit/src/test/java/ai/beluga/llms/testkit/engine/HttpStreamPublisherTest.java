package ai.beluga.llms.testkit.engine;

import static ai.beluga.llms.testkit.engine.Frames.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.testkit.StubResponse;
import java.time.Duration;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The stream as a {@link Flow.Publisher}: demand, back-pressure, cancellation and terminal signals. */
class HttpStreamPublisherTest extends EngineTestSupport {

  @Test
  void deliversEveryEventAndCompletesForAnUnboundedSubscriber() throws Exception {
    server.enqueue(Frames.sse(HttpChatModelStreamTest.FRAMES).data(DONE));
    RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE);

    model(sse()).stream(ChatRequest.of("Hi")).toPublisher().subscribe(subscriber);

    assertThat(subscriber.awaitTermination(PATIENCE)).isTrue();
    assertThat(subscriber.isCompleted()).isTrue();
    assertThat(subscriber.events()).containsExactlyElementsOf(HttpChatModelStreamTest.EVENTS);
    assertThat(subscriber.violations()).isEmpty();
  }

  @Test
  void completesWhenTheSubscriberRequestsExactlyTheNumberOfEvents() throws Exception {
    // The end marker and the end of the body come later, in their own network reads, after demand has run out.
    server.enqueue(StubResponse.sse().data(Frames.text("a")).data(Frames.text("b")).data(Frames.finish("stop"))
        .data(DONE, Duration.ofMillis(100)));
    RecordingSubscriber subscriber = new RecordingSubscriber(3);

    model(sse()).stream(ChatRequest.of("Hi")).toPublisher().subscribe(subscriber);

    assertThat(subscriber.awaitTermination(PATIENCE)).as("onComplete without further demand").isTrue();
    assertThat(subscriber.isCompleted()).isTrue();
    assertThat(subscriber.events()).hasSize(3);
    assertThat(subscriber.violations()).isEmpty();
  }

  @Test
  void failsWhenTheSubscriberRequestsExactlyTheEventsBeforeAnError() throws Exception {
    server.enqueue(StubResponse.sse().data(Frames.text("a"))
        .data(Frames.error("overloaded", "busy"), Duration.ofMillis(100)));
    RecordingSubscriber subscriber = new RecordingSubscriber(1);

    model(sse()).stream(ChatRequest.of("Hi")).toPublisher().subscribe(subscriber);

    assertThat(subscriber.awaitTermination(PATIENCE)).isTrue();
    assertThat(subscriber.error()).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED));
    assertThat(subscriber.events()).hasSize(1);
    assertThat(subscriber.violations()).isEmpty();
  }

  @Test
  void deliversNoMoreEventsThanRequestedWhileTheServerKeepsSending() throws Exception {
    StubResponse many = StubResponse.sse();
    for (int i = 0; i < 50; i++) {
      many = many.data(Frames.text("t" + i));
    }
    server.enqueue(many.holdOpen(Duration.ofSeconds(10)));
    RecordingSubscriber subscriber = new RecordingSubscriber(1);

    model(sse()).stream(ChatRequest.of("Hi")).toPublisher().subscribe(subscriber);
    assertThat(subscriber.awaitEvents(1, PATIENCE)).isTrue();
    Thread.sleep(200);
    assertThat(subscriber.events()).hasSize(1);

    for (int i = 0; i < 4; i++) {
      subscriber.request(1);
      assertThat(subscriber.awaitEvents(2 + i, PATIENCE)).isTrue();
    }
    Thread.sleep(200);

    assertThat(subscriber.events()).hasSize(5)
        .containsExactly(text("t0"), text("t1"), text("t2"), text("t3"), text("t4"));
    assertThat(subscriber.violations()).isEmpty();
    subscriber.cancel();
    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
  }

  @Test
  void cancellingTheSubscriptionMakesTheServerSeeTheConnectionClose() throws Exception {
    server.enqueue(StubResponse.sse().data(Frames.text("Hello")).holdOpen(Duration.ofSeconds(10)));
    RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE);

    model(sse()).stream(ChatRequest.of("Hi")).toPublisher().subscribe(subscriber);
    assertThat(subscriber.awaitEvents(1, PATIENCE)).isTrue();
    subscriber.cancel();

    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
    assertThat(subscriber.awaitTermination(Duration.ofMillis(200))).as("no signal after cancel").isFalse();
  }

  @Test
  void closingTheChatStreamCancelsItsPublishedSubscription() throws Exception {
    server.enqueue(StubResponse.sse().data(Frames.text("Hello")).holdOpen(Duration.ofSeconds(10)));
    RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE);
    ChatStream stream = model(sse()).stream(ChatRequest.of("Hi"));

    stream.toPublisher().subscribe(subscriber);
    assertThat(subscriber.awaitEvents(1, PATIENCE)).isTrue();
    stream.close();

    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
  }

  @Test
  void aStreamClosedBeforeItsPublisherIsSubscribedToSendsNothing() throws Exception {
    server.enqueue(Frames.sse(HttpChatModelStreamTest.FRAMES).data(DONE));
    ChatStream stream = model(sse()).stream(ChatRequest.of("Hi"));
    Flow.Publisher<StreamEvent> publisher = stream.toPublisher();
    stream.close();
    RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE);

    publisher.subscribe(subscriber);

    assertThat(subscriber.awaitTermination(PATIENCE)).isTrue();
    assertThat(subscriber.error()).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    assertThat(subscriber.events()).isEmpty();
    Thread.sleep(100);
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void aSecondSubscriberIsRefused() throws Exception {
    server.enqueue(Frames.sse(HttpChatModelStreamTest.FRAMES).data(DONE));
    ChatModel model = model(sse());
    ChatStream stream = model.stream(ChatRequest.of("Hi"));
    Flow.Publisher<StreamEvent> publisher = stream.toPublisher();
    RecordingSubscriber first = new RecordingSubscriber(Long.MAX_VALUE);
    RecordingSubscriber second = new RecordingSubscriber(Long.MAX_VALUE);

    publisher.subscribe(first);
    publisher.subscribe(second);

    assertThat(second.awaitTermination(PATIENCE)).isTrue();
    assertThat(second.error()).isInstanceOf(IllegalStateException.class);
    assertThat(first.awaitTermination(PATIENCE)).isTrue();
    assertThat(first.isCompleted()).isTrue();
    assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aNonPositiveRequestFailsTheStreamAndAbortsTheExchange() throws Exception {
    server.enqueue(StubResponse.sse().data(Frames.text("Hello")).holdOpen(Duration.ofSeconds(10)));
    RecordingSubscriber subscriber = new RecordingSubscriber(1);

    model(sse()).stream(ChatRequest.of("Hi")).toPublisher().subscribe(subscriber);
    assertThat(subscriber.awaitEvents(1, PATIENCE)).isTrue();
    subscriber.request(0);

    assertThat(subscriber.awaitTermination(PATIENCE)).isTrue();
    assertThat(subscriber.error()).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
    assertThat(subscriber.violations()).isEmpty();
  }

  private static StreamEvent text(String text) {
    return new StreamEvent.TextDelta(text);
  }
}
