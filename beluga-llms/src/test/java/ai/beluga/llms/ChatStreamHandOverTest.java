package ai.beluga.llms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link ChatStream#handOver}: a decorator takes a stream over with nothing in between. */
class ChatStreamHandOverTest {

  @Test
  void theSubscriberGetsTheSourcesOwnSubscriptionWithNoWrapperBetween() {
    Source source = new Source();
    Collecting subscriber = new Collecting();

    ChatStream.of(source).handOver(subscriber);
    subscriber.subscription.get().request(1);

    assertThat(subscriber.subscription.get()).isSameAs(source.subscription);
    assertThat(subscriber.events).containsExactly(new StreamEvent.TextDelta("hi"));
  }

  @Test
  void closingAStreamAfterHandingItOverLeavesCancellationToTheSubscriber() {
    Source source = new Source();
    ChatStream stream = ChatStream.of(source);
    stream.handOver(new Collecting());

    stream.close();

    assertThat(source.cancelled).isFalse();
    assertThat(source.subscriptions).hasValue(1);
  }

  @Test
  void aStreamClosedBeforeItWasHandedOverFailsAtOnceWithCancelled() {
    Source source = new Source();
    ChatStream stream = ChatStream.of(source);
    stream.close();
    int subscribedByClose = source.subscriptions.get();
    Collecting subscriber = new Collecting();

    stream.handOver(subscriber);

    assertThat(source.subscriptions).hasValue(subscribedByClose);
    assertThat(subscriber.error.get()).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
  }

  @Test
  void aStreamCanBeHandedOverOnceAndNotAfterItWasRead() {
    ChatStream handed = ChatStream.of(new Source());
    handed.handOver(new Collecting());
    assertThatThrownBy(() -> handed.handOver(new Collecting())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("consumed once");

    ChatStream iterated = ChatStream.of(new Source());
    iterated.iterator();
    assertThatThrownBy(() -> iterated.handOver(new Collecting())).isInstanceOf(IllegalStateException.class);
  }

  /** A source that emits one text delta and finishes on the first request. */
  private static final class Source implements Flow.Publisher<StreamEvent> {
    final AtomicInteger subscriptions = new AtomicInteger();
    volatile boolean cancelled;
    Flow.Subscription subscription;

    @Override
    public void subscribe(Flow.Subscriber<? super StreamEvent> subscriber) {
      subscriptions.incrementAndGet();
      AtomicBoolean done = new AtomicBoolean();
      subscription = new Flow.Subscription() {
        @Override
        public void request(long n) {
          if (done.compareAndSet(false, true)) {
            subscriber.onNext(new StreamEvent.TextDelta("hi"));
            subscriber.onComplete();
          }
        }

        @Override
        public void cancel() {
          cancelled = true;
        }
      };
      subscriber.onSubscribe(subscription);
    }
  }

  private static final class Collecting implements Flow.Subscriber<StreamEvent> {
    final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    final List<StreamEvent> events = new ArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.set(s);
    }

    @Override
    public void onNext(StreamEvent item) {
      events.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
      error.set(throwable);
    }

    @Override
    public void onComplete() {}
  }
}
