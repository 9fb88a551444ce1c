package ai.beluga.llms.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.RecordingSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EventChannelTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final CountingUpstream upstream = new CountingUpstream();

  @Test
  void neverDeliversMoreThanRequested() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(2);
    EventChannel<Integer> channel = start(subscriber);

    pushAll(channel, 1, 2, 3, 4, 5);
    assertThat(subscriber.items()).containsExactly(1, 2);

    subscriber.request(1);
    assertThat(subscriber.items()).containsExactly(1, 2, 3);
    assertThat(subscriber.overDelivered()).isZero();
  }

  @Test
  void deliversOneAtATimeWhenTheSubscriberRequestsFromOnNext() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.oneAtATimeFromOnNext();
    EventChannel<Integer> channel = start(subscriber);

    pushAll(channel, 1, 2, 3, 4, 5);
    channel.complete();

    assertThat(subscriber.items()).containsExactly(1, 2, 3, 4, 5);
    assertThat(subscriber.overDelivered()).isZero();
    assertThat(subscriber.completed()).isTrue();
  }

  @Test
  void completionIsDeliveredOnlyAfterTheQueuedItems() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(0);
    EventChannel<Integer> channel = start(subscriber);
    pushAll(channel, 1, 2, 3);

    channel.complete();
    assertThat(subscriber.completed()).isFalse();
    subscriber.request(2);
    assertThat(subscriber.items()).containsExactly(1, 2);
    assertThat(subscriber.completed()).isFalse();
    subscriber.request(1);

    assertThat(subscriber.items()).containsExactly(1, 2, 3);
    assertThat(subscriber.completed()).isTrue();
    assertThat(subscriber.terminalSignals()).isEqualTo(1);
  }

  @Test
  void completionNeedsNoDemandOnceTheQueueIsEmpty() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(0);
    EventChannel<Integer> channel = start(subscriber);

    channel.complete();

    assertThat(subscriber.completed()).isTrue();
  }

  @Test
  void anErrorIsDeliveredOnlyAfterTheQueuedItems() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(1);
    EventChannel<Integer> channel = start(subscriber);
    pushAll(channel, 1, 2, 3);
    IllegalStateException failure = new IllegalStateException("upstream broke");

    channel.fail(failure);
    assertThat(subscriber.error()).isNull();
    subscriber.request(2);

    assertThat(subscriber.items()).containsExactly(1, 2, 3);
    assertThat(subscriber.error()).isSameAs(failure);
    assertThat(subscriber.terminalSignals()).isEqualTo(1);
  }

  @Test
  void signalsAfterTheEndAreIgnored() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(10);
    EventChannel<Integer> channel = start(subscriber);
    channel.push(1);
    channel.complete();

    channel.push(2);
    channel.fail(new IllegalStateException("late"));
    channel.complete();

    assertThat(subscriber.items()).containsExactly(1);
    assertThat(subscriber.completed()).isTrue();
    assertThat(subscriber.error()).isNull();
    assertThat(subscriber.signalsAfterTerminal()).isZero();
    assertThat(channel.isDone()).isTrue();
  }

  @Test
  void requestZeroYieldsOnErrorWithIllegalArgumentException() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(0);
    EventChannel<Integer> channel = start(subscriber);

    subscriber.request(0);

    assertThat(subscriber.error()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request(0)");
    assertThat(upstream.cancels.get()).isEqualTo(1);
    assertThat(channel.isDone()).isTrue();
  }

  @Test
  void requestZeroYieldsOnErrorEvenWithItemsWaitingForDemand() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(0);
    EventChannel<Integer> channel = start(subscriber);
    pushAll(channel, 1, 2);

    subscriber.request(0);

    assertThat(subscriber.error()).isInstanceOf(IllegalArgumentException.class);
    assertThat(subscriber.items()).isEmpty();
    assertThat(subscriber.terminalSignals()).isEqualTo(1);
  }

  @Test
  void upstreamIsCancelledOnceWhenTheSubscriberCancelsAfterABadRequest() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(0);
    start(subscriber);

    subscriber.request(0);
    subscriber.cancel();

    assertThat(upstream.cancels.get()).isEqualTo(1);
  }

  @Test
  void aNegativeRequestYieldsOnErrorWithIllegalArgumentException() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(0);
    start(subscriber);

    subscriber.request(-5);

    assertThat(subscriber.error()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cancelStopsDeliveryAndCancelsUpstreamExactlyOnce() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(1);
    EventChannel<Integer> channel = start(subscriber);
    pushAll(channel, 1, 2, 3);

    subscriber.cancel();
    subscriber.cancel();
    subscriber.request(5);
    channel.push(4);
    channel.complete();

    assertThat(subscriber.items()).containsExactly(1);
    assertThat(subscriber.completed()).isFalse();
    assertThat(subscriber.error()).isNull();
    assertThat(upstream.cancels.get()).isEqualTo(1);
    assertThat(channel.isCancelled()).isTrue();
    assertThat(channel.hasDemand()).isFalse();
  }

  @Test
  void onDemandIsCalledOnlyWhenDemandExceedsTheQueuedItems() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(0);
    EventChannel<Integer> channel = start(subscriber);
    pushAll(channel, 1, 2);

    subscriber.request(1);
    assertThat(upstream.demands.get()).as("one of two queued items taken; the queue still covers demand").isZero();
    assertThat(channel.hasDemand()).isFalse();

    subscriber.request(3);
    assertThat(subscriber.items()).containsExactly(1, 2);
    assertThat(upstream.demands.get()).isEqualTo(1);
    assertThat(channel.hasDemand()).isTrue();
  }

  @Test
  void hasDemandCountsQueuedItemsAgainstRequests() {
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(0);
    EventChannel<Integer> channel = start(subscriber);

    assertThat(channel.hasDemand()).isFalse();
    subscriber.request(2);
    assertThat(channel.hasDemand()).isTrue();
    pushAll(channel, 1, 2);
    assertThat(channel.hasDemand()).isFalse();
  }

  @Test
  void keepsOrderAndDemandWhenProducerAndConsumerRunOnDifferentThreads() throws Exception {
    int total = 20_000;
    RecordingSubscriber<Integer> subscriber = RecordingSubscriber.requesting(0);
    EventChannel<Integer> channel = start(subscriber);
    Thread producer = new Thread(() -> {
      for (int i = 0; i < total; i++) {
        channel.push(i);
      }
      channel.complete();
    });

    producer.start();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (!subscriber.awaitTerminal(Duration.ZERO)) {
      subscriber.request(random.nextInt(1, 50));
      Thread.onSpinWait();
    }
    producer.join(WAIT.toMillis());

    assertThat(subscriber.overDelivered()).isZero();
    assertThat(subscriber.items()).isEqualTo(IntStream.range(0, total).boxed().toList());
    assertThat(subscriber.completed()).isTrue();
  }

  private EventChannel<Integer> start(RecordingSubscriber<Integer> subscriber) {
    EventChannel<Integer> channel = new EventChannel<>(subscriber);
    channel.start(upstream);
    return channel;
  }

  private static void pushAll(EventChannel<Integer> channel, Integer... items) {
    List.of(items).forEach(channel::push);
  }

  private static final class CountingUpstream implements EventChannel.Upstream {
    final AtomicInteger demands = new AtomicInteger();
    final AtomicInteger cancels = new AtomicInteger();

    @Override
    public void onDemand() {
      demands.incrementAndGet();
    }

    @Override
    public void onCancel() {
      cancels.incrementAndGet();
    }
  }
}
