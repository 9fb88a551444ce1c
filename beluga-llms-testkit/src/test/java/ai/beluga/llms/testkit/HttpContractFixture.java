package ai.beluga.llms.testkit;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What an HTTP provider's contract test shares between its targets: an HTTP/1.1 client (the stub server speaks
 * nothing else, and an h2c upgrade offer only adds headers to every request) and a single daemon scheduler thread for
 * deadlines. {@link #close(List)} closes the targets and then stops the scheduler, as an {@code @AfterAll} does.
 */
public final class HttpContractFixture {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ScheduledExecutorService scheduler;

  /**
   * Creates a fixture.
   *
   * @param schedulerThreadName the name of the scheduler's thread
   */
  public HttpContractFixture(String schedulerThreadName) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, schedulerThreadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** {@return the HTTP client every model uses} */
  public HttpClient client() {
    return client;
  }

  /** {@return the scheduler every model uses for deadlines} */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * Closes the targets, then stops the scheduler and waits up to five seconds for it.
   *
   * @param targets the targets to close
   * @throws InterruptedException if interrupted while waiting for the scheduler
   */
  public void close(List<? extends AutoCloseable> targets) throws InterruptedException {
    for (AutoCloseable target : targets) {
      try {
        target.close();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    scheduler.shutdownNow();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
  }
}
