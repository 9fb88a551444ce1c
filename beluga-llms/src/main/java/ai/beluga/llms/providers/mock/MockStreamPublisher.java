package ai.beluga.llms.providers.mock;

import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.flow.EventChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Plays a scripted stream: waits for the first delay on the scheduler (no thread sleeps), then sends one event per
 * tick while the subscriber has demand, pausing between events, and fails where the script says.
 */
final class MockStreamPublisher implements Flow.Publisher<StreamEvent> {
  private final Supplier<MockStreamPlan> plan;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  MockStreamPublisher(Supplier<MockStreamPlan> plan, ScheduledExecutorService scheduler) {
    this.plan = plan;
    this.scheduler = scheduler;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super StreamEvent> subscriber) {
    EventChannel<StreamEvent> channel = new EventChannel<>(subscriber);
    if (!subscribed.compareAndSet(false, true)) {
      channel.start(EventChannel.Upstream.NONE);
      channel.fail(new IllegalStateException("a mock stream can be subscribed to once"));
      return;
    }
    Emitter emitter = new Emitter(channel);
    channel.start(emitter);
    if (channel.isCancelled()) {
      // Cancelled in onSubscribe (as ChatStream.close() does before first use): the request was never sent, so it
      // must not take a scripted reply or be recorded.
      return;
    }
    MockStreamPlan script;
    try {
      script = plan.get();
    } catch (LlmException e) {
      channel.fail(e);
      return;
    }
    emitter.begin(script);
  }

  /** What one stream plays: its events, where it fails, how long before the first event and between events. */
  record MockStreamPlan(List<StreamEvent> events, LlmException failure, int failAfterEvents, Duration firstDelay,
      Duration chunkDelay, LlmException timeout) {}

  private final class Emitter implements EventChannel.Upstream {
    private final EventChannel<StreamEvent> channel;
    private final AtomicBoolean scheduled = new AtomicBoolean(true);
    private volatile MockStreamPlan plan;
    private volatile boolean started;
    private volatile ScheduledFuture<?> pending;
    private int position;

    private Emitter(EventChannel<StreamEvent> channel) {
      this.channel = channel;
    }

    void begin(MockStreamPlan plan) {
      this.plan = plan;
      if (plan.timeout() != null) {
        pending = scheduler.schedule(() -> channel.fail(plan.timeout()),
            plan.firstDelay().toNanos(), TimeUnit.NANOSECONDS);
        return;
      }
      pending = scheduler.schedule(this::tick, plan.firstDelay().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
      started = true;
      while (true) {
        if (channel.isCancelled()) {
          return;
        }
        if (plan.failure() != null && (plan.failAfterEvents() < 0 || position == plan.failAfterEvents())) {
          channel.fail(plan.failure());
          return;
        }
        if (position == plan.events().size()) {
          channel.complete();
          return;
        }
        if (channel.hasDemand()) {
          channel.push(plan.events().get(position++));
          long delay = plan.chunkDelay().toNanos();
          if (delay > 0) {
            pending = scheduler.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
            return;
          }
          continue;
        }
        // Park until the subscriber asks for more; re-check to avoid losing a request made meanwhile.
        scheduled.set(false);
        if (!channel.hasDemand() || !scheduled.compareAndSet(false, true)) {
          return;
        }
      }
    }

    @Override
    public void onDemand() {
      if (started && scheduled.compareAndSet(false, true)) {
        pending = scheduler.schedule(this::tick, 0, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void onCancel() {
      ScheduledFuture<?> current = pending;
      if (current != null) {
        current.cancel(false);
      }
    }
  }
}
