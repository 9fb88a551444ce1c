package ai.beluga.llms.health;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.internal.AsyncCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks many models (or any {@link HealthChecker}s) at once and reports each.
 *
 * <pre>{@code
 * Map<String, HealthStatus> report = HealthChecks.checkAll(Map.of("openai", gpt, "anthropic", claude),
 *     Duration.ofSeconds(5));
 * report.forEach((name, status) -> System.out.println(name + ": " + status.state()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HealthChecks {
  private HealthChecks() {}

  /**
   * Runs every check in parallel and waits at most {@code timeout} for all of them. A check still running then is
   * reported as unhealthy with {@code TIMEOUT} (and interrupted); a check that throws is reported as unhealthy.
   *
   * @param checkers the checkers by name
   * @param timeout how long to wait for all checks together
   * @return each name's status, in the map's iteration order
   * @throws ai.beluga.llms.errors.LlmException with {@code CANCELLED} if the calling thread is interrupted
   * @since 0.1.0
   */
  public static Map<String, HealthStatus> checkAll(Map<String, ? extends HealthChecker> checkers, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    Map<String, CompletableFuture<HealthStatus>> running = new LinkedHashMap<>();
    checkers.forEach((name, checker) -> running.put(name, AsyncCalls.supply(checker::checkHealth)));
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, HealthStatus> report = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<HealthStatus>> entry : running.entrySet()) {
      CompletableFuture<HealthStatus> check = entry.getValue();
      long start = System.nanoTime();
      HealthStatus status;
      try {
        status = check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        running.values().forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw ai.beluga.llms.errors.LlmException.builder(ErrorCode.CANCELLED,
            "the thread was interrupted while checking health").cause(e).build();
      } catch (TimeoutException e) {
        check.cancel(true);
        status = HealthStatus.unhealthy(timeout, Clock.systemUTC().instant(), "the health check of " + entry.getKey()
            + " did not finish within " + timeout.toMillis() + " ms", ErrorCode.TIMEOUT);
      } catch (ExecutionException e) {
        ai.beluga.llms.errors.LlmException error =
            ai.beluga.llms.errors.ErrorClassifier.fromThrowable(e.getCause(), null, null);
        status = HealthStatus.unhealthy(Duration.ofNanos(System.nanoTime() - start), Clock.systemUTC().instant(),
            error.getMessage(), error.code());
      }
      report.put(entry.getKey(), status);
    }
    return report;
  }
}
