package ai.beluga.llms.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class IdleWatchTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void shutDown() {
    scheduler.shutdownNow();
  }

  @Test
  void aSilentStreamWhoseConsumerWaitsIsEndedOnce() throws InterruptedException {
    CountDownLatch idle = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    IdleWatch watch = new IdleWatch(scheduler, Duration.ofMillis(50), () -> true, () -> {
      calls.incrementAndGet();
      idle.countDown();
    });

    watch.start();

    assertThat(idle.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(150);
    assertThat(calls).hasValue(1);
  }

  @Test
  void activityKeepsTheStreamAlive() throws InterruptedException {
    AtomicBoolean idle = new AtomicBoolean();
    IdleWatch watch = new IdleWatch(scheduler, Duration.ofMillis(200), () -> true, () -> idle.set(true));
    watch.start();

    for (int i = 0; i < 8; i++) {
      Thread.sleep(50);
      watch.touch();
    }
    watch.stop();

    assertThat(idle).isFalse();
  }

  @Test
  void aConsumerThatIsNotAskingForMoreIsASlowReaderNotASilentServer() throws InterruptedException {
    AtomicBoolean idle = new AtomicBoolean();
    IdleWatch watch = new IdleWatch(scheduler, Duration.ofMillis(50), () -> false, () -> idle.set(true));

    watch.start();
    Thread.sleep(300);

    assertThat(idle).isFalse();
    watch.stop();
  }

  @Test
  void aStoppedWatchNeverFires() throws InterruptedException {
    AtomicBoolean idle = new AtomicBoolean();
    IdleWatch watch = new IdleWatch(scheduler, Duration.ofMillis(50), () -> true, () -> idle.set(true));

    watch.start();
    watch.stop();
    Thread.sleep(200);

    assertThat(idle).isFalse();
  }

  @Test
  void aTimeoutThatIsNotPositiveIsRefusedByName() {
    assertThatThrownBy(() -> new IdleWatch(scheduler, Duration.ZERO, () -> true, () -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
  }
}
