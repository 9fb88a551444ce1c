package ai.beluga.llms.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Internal API: may change in any release.
 *
 * <p>The shared defaults used when a factory is given no option: one HTTP client and one scheduler for the whole JVM,
 * each created on first use, with daemon threads so they never keep a JVM alive. They are immutable references to
 * thread-safe objects, not mutable state.
 */
public final class Defaults {
  /** The connect timeout of the shared HTTP client. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private Defaults() {}

  /**
   * {@return the shared HTTP client}
   */
  public static HttpClient httpClient() {
    return Client.INSTANCE;
  }

  /**
   * {@return the shared scheduler; tasks on it must not block}
   */
  public static ScheduledExecutorService scheduler() {
    return Scheduler.INSTANCE;
  }

  private static final class Client {
    private static final HttpClient INSTANCE = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .executor(Executors.newCachedThreadPool(daemonThreads("beluga-llm-http-")))
        .build();
  }

  private static final class Scheduler {
    private static final ScheduledExecutorService INSTANCE = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("beluga-llm-timer-"));
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
