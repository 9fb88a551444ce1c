package ai.beluga.llms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** The contract suite's helpers that know nothing of its scenarios: reading streams, waiting, timing. */
final class ContractChecks {
  private ContractChecks() {}

  static List<StreamEvent> readAll(ChatStream stream) {
    List<StreamEvent> events = new ArrayList<>();
    stream.forEach(events::add);
    return events;
  }

  static <T extends StreamEvent> List<T> ofType(List<StreamEvent> events, Class<T> type) {
    List<T> matching = new ArrayList<>();
    for (StreamEvent event : events) {
      if (type.isInstance(event)) {
        matching.add(type.cast(event));
      }
    }
    return matching;
  }

  static StreamEvent.Finished finishedOf(List<StreamEvent> events) {
    List<StreamEvent.Finished> finished = ofType(events, StreamEvent.Finished.class);
    assertThat(finished).as("Finished events").hasSize(1);
    return finished.get(0);
  }

  static List<OptionalLong> countsOf(Usage usage) {
    return List.of(usage.inputTokens(), usage.outputTokens(), usage.totalTokens(), usage.cachedInputTokens(),
        usage.reasoningOutputTokens());
  }

  static void assertTookAboutTheDeadline(long startNanos, Duration deadline, Duration promptly) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    assertThat(took).as("time to TIMEOUT").isGreaterThanOrEqualTo(deadline.dividedBy(2))
        .isLessThan(deadline.plus(promptly));
  }

  static Throwable failureOf(CompletableFuture<?> future, Duration promptly) {
    try {
      future.get(promptly.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return fail("the call did not fail within " + promptly);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while waiting for the call to fail");
    }
    return fail("the call succeeded; it should have failed");
  }

  static void awaitTrue(BooleanSupplier condition, String what, Duration promptly)
      throws InterruptedException {
    long deadline = System.nanoTime() + promptly.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("gave up waiting for " + what + " after " + promptly);
      }
      Thread.sleep(2);
    }
  }
}
