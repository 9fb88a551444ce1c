package ai.beluga.llms.internal;

import ai.beluga.llms.errors.ErrorClassifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Internal API: may change in any release.
 *
 * <p>Runs blocking calls on a shared pool of daemon threads and returns futures whose {@code cancel(true)} interrupts
 * the running call (a plain {@link CompletableFuture} ignores {@code mayInterruptIfRunning}). Failures complete the
 * future with an {@code LlmException}.
 */
public final class AsyncCalls {
  private AsyncCalls() {}

  /**
   * Runs a blocking call on the shared pool.
   *
   * @param <T> the result type
   * @param call the call
   * @return a future whose cancellation interrupts the call
   */
  public static <T> CompletableFuture<T> supply(Supplier<T> call) {
    return supply(call, null, null);
  }

  /**
   * Runs a blocking call on the shared pool, naming the provider and model on failures that are not already an
   * {@code LlmException}.
   *
   * @param <T> the result type
   * @param call the call
   * @param provider the provider, or null
   * @param model the model, or null
   * @return a future whose cancellation interrupts the call
   */
  public static <T> CompletableFuture<T> supply(Supplier<T> call, String provider, String model) {
    InterruptingFuture<T> future = new InterruptingFuture<>(provider, model);
    Pool.EXECUTOR.execute(() -> future.run(call));
    return future;
  }

  /** A future that remembers the thread running it and interrupts it on cancellation. */
  private static final class InterruptingFuture<T> extends CompletableFuture<T> {
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    private final String provider;
    private final String model;

    InterruptingFuture(String provider, String model) {
      this.provider = provider;
      this.model = model;
    }

    void run(Supplier<T> call) {
      if (isDone()) {
        return;
      }
      runner.set(Thread.currentThread());
      try {
        if (!isDone()) {
          complete(call.get());
        }
      } catch (Throwable failure) {
        completeExceptionally(ErrorClassifier.fromThrowable(failure, provider, model));
      } finally {
        runner.set(null);
        // Clear an interrupt aimed at this call so that it cannot leak into the pool's next task.
        Thread.interrupted();
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      Thread thread = runner.get();
      if (cancelled && thread != null) {
        thread.interrupt();
      }
      return cancelled;
    }
  }

  /** The pool, created on first use. Its threads are daemons, so it never keeps a JVM alive. */
  private static final class Pool {
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(new ThreadFactory() {
      private final AtomicInteger count = new AtomicInteger();

      @Override
      public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "beluga-llm-async-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      }
    });
  }
}
