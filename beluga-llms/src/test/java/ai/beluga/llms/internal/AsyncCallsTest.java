package ai.beluga.llms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AsyncCallsTest {

  @Test
  void cancelInterruptsTheRunningCallAndTheInterruptDoesNotLeakIntoTheNextTask() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    CompletableFuture<String> call = AsyncCalls.supply(() -> {
      running.countDown();
      try {
        Thread.sleep(30_000);
        return "slept";
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw new IllegalStateException("woken");
      }
    });
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(call.cancel(true)).isTrue();

    assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the running call is interrupted").isTrue();
    assertThatThrownBy(() -> call.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    AtomicBoolean flagSeenByNextTask = new AtomicBoolean(true);
    for (int i = 0; i < 4; i++) {
      AsyncCalls.supply(() -> {
        flagSeenByNextTask.compareAndSet(true, Thread.currentThread().isInterrupted());
        return "";
      }).get(5, TimeUnit.SECONDS);
    }
    assertThat(flagSeenByNextTask).isFalse();
  }

  @Test
  void otherFailuresAreWrappedInAnLlmExceptionKeepingTheCause() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> call = AsyncCalls.supply(() -> {
      throw boom;
    });

    assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(LlmException.class).cause().isSameAs(boom);
  }

  @Test
  void anLlmExceptionFromTheCallIsPassedOnAsIs() {
    LlmException failure = new LlmException(ErrorCode.QUOTA_EXCEEDED, "out of credit");
    CompletableFuture<String> call = AsyncCalls.supply(() -> {
      throw failure;
    });

    assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isSameAs(failure);
  }
}
