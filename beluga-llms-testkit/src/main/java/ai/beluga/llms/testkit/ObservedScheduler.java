package ai.beluga.llms.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A view of a shared scheduler that remembers the last task scheduled through it, so that {@link MockContractTarget}
 * can see the mock's stream emitter stop. Shutting the view down does nothing: the pool is shared.
 */
final class ObservedScheduler implements ScheduledExecutorService {
  private final ScheduledExecutorService delegate;
  private final AtomicLong scheduled = new AtomicLong();
  private final AtomicReference<Future<?>> last = new AtomicReference<>();

  ObservedScheduler(ScheduledExecutorService delegate) {
    this.delegate = delegate;
  }

  /**
   * Waits until the last task scheduled here is done (cancelled, or run without scheduling another) and no task was
   * scheduled for a quiet period after it.
   */
  boolean awaitQuiet(Duration timeout, Duration quiet) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long before = scheduled.get();
      Future<?> current = last.get();
      if (current == null || current.isDone()) {
        Thread.sleep(quiet.toMillis());
        if (scheduled.get() == before) {
          return true;
        }
      } else {
        Thread.sleep(2);
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
    }
  }

  private <F extends Future<?>> F observe(F future) {
    scheduled.incrementAndGet();
    last.set(future);
    return future;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return observe(delegate.schedule(command, delay, unit));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return observe(delegate.schedule(callable, delay, unit));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return observe(delegate.scheduleAtFixedRate(command, initialDelay, period, unit));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return observe(delegate.scheduleWithFixedDelay(command, initialDelay, delay, unit));
  }

  @Override
  public void execute(Runnable command) {
    observe(delegate.submit(command));
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return observe(delegate.submit(task));
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return observe(delegate.submit(task, result));
  }

  @Override
  public Future<?> submit(Runnable task) {
    return observe(delegate.submit(task));
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    return delegate.invokeAll(tasks);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return delegate.invokeAll(tasks, timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    return delegate.invokeAny(tasks);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.invokeAny(tasks, timeout, unit);
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return false;
  }

  /** Does nothing: the pool is shared. (Overrides {@code ExecutorService.close()} on JDK 19 and later.) */
  public void close() {}
}
