package ai.beluga.llms.internal;

import java.net.http.HttpClient;
import java.time.Duration;
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
   * Returns a shared HTTP client with this connect timeout. Clients are created once per distinct timeout and share one
   * daemon executor; configs use a handful of distinct timeouts, so the memo stays small.
   *
   * @param connectTimeout the connect timeout
   * @return the client
   */
  public static HttpClient httpClient(Duration connectTimeout) {
    if (connectTimeout.equals(CONNECT_TIMEOUT)) {
      return Client.INSTANCE;
    }
    return Client.BY_CONNECT_TIMEOUT.computeIfAbsent(connectTimeout, Client::create);
  }

  /**
   * {@return the shared scheduler; tasks on it must not block}
   */
  public static ScheduledExecutorService scheduler() {
    return Scheduler.INSTANCE;
  }

  /**
   * The most threads the shared HTTP executor runs: twice the cores, at least 4 and at most 16 (issue 6 (f): at most
   * 16 threads started by the library for 1,000 streams). A cached pool grew by one thread for every task that found
   * all threads busy, about 100 threads for 1,000 streams on 2 cores. The tasks the client runs there (delivering
   * body buffers, completing futures, and the library's callbacks on them) never block, so a bounded pool with a queue
   * is not starved.
   */
  static final int HTTP_THREADS = Math.min(16, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

  private static final class Client {
    private static final java.util.concurrent.ExecutorService EXECUTOR = boundedPool();
    private static final HttpClient INSTANCE = create(CONNECT_TIMEOUT);
    private static final java.util.concurrent.ConcurrentMap<Duration, HttpClient> BY_CONNECT_TIMEOUT =
        new java.util.concurrent.ConcurrentHashMap<>();

    private static java.util.concurrent.ExecutorService boundedPool() {
      java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(HTTP_THREADS,
          HTTP_THREADS, 60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
          daemonThreads("beluga-llm-http-"));
      // Idle threads end after a minute, so a JVM that made one call does not keep HTTP_THREADS threads.
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }

    private static HttpClient create(Duration connectTimeout) {
      return HttpClient.newBuilder().connectTimeout(connectTimeout).executor(EXECUTOR).build();
    }
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
