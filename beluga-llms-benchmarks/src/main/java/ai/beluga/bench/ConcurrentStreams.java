package ai.beluga.bench;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.StreamEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 6 (f): N streams (default 1,000) open at the same time through {@code ChatStream.toPublisher()}. The stub
 * sends each stream's first event and holds the rest until every stream has received its first event, then
 * releases them all. Reports the platform threads the library started (every thread started in the process during
 * the run, less the stub's one and the measuring thread's none) and the peak live count, and the heap used after a
 * GC while all streams are open.
 *
 * <p>Run: {@code java -Xmx256m -cp beluga-llms-benchmarks/target/benchmarks.jar ai.beluga.bench.ConcurrentStreams
 * [streams] [stack]}.
 */
public final class ConcurrentStreams {
  private ConcurrentStreams() {}

  /**
   * Runs the check.
   *
   * @param args the number of streams, and the stack (BARE, DEFAULTS, SDK)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    Models.Stack stack = args.length > 1 ? Models.Stack.valueOf(args[1]) : Models.Stack.DEFAULTS;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    BenchServer stub = BenchServer.start();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    Set<Long> before = ids(threads);
    long startedBefore = threads.getTotalStartedThreadCount();
    threads.resetPeakThreadCount();
    int liveBefore = threads.getThreadCount();

    ChatModel model = Models.openAi(stub, stack);
    stub.holdStreams(true);
    CountDownLatch first = new CountDownLatch(streams);
    CountDownLatch done = new CountDownLatch(streams);
    AtomicInteger failures = new AtomicInteger();
    AtomicLong events = new AtomicLong();
    long start = System.nanoTime();
    for (int i = 0; i < streams; i++) {
      model.stream(Models.REQUEST).toPublisher().subscribe(new Flow.Subscriber<StreamEvent>() {
        private boolean seen;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
          subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(StreamEvent item) {
          events.incrementAndGet();
          if (!seen) {
            seen = true;
            first.countDown();
          }
        }

        @Override
        public void onError(Throwable throwable) {
          if (failures.getAndIncrement() < 3) {
            throwable.printStackTrace();
          }
          if (!seen) {
            seen = true;
            first.countDown();
          }
          done.countDown();
        }

        @Override
        public void onComplete() {
          done.countDown();
        }
      });
    }
    if (!first.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every stream started: " + first.getCount() + " missing");
    }
    long opened = System.nanoTime();
    System.gc();
    long heapOpen = memory.getHeapMemoryUsage().getUsed();
    int liveOpen = threads.getThreadCount();
    stub.releaseHeld();
    if (!done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every stream ended: " + done.getCount() + " open");
    }
    long end = System.nanoTime();
    long started = threads.getTotalStartedThreadCount() - startedBefore;
    Set<String> names = new java.util.TreeSet<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && !before.contains(info.getThreadId())) {
        names.add(info.getThreadName().replaceAll("\\d+$", "N"));
      }
    }
    System.out.printf("streams=%d stack=%s failures=%d events=%d%n", streams, stack, failures.get(), events.get());
    System.out.printf("platform threads started during the run=%d (live before=%d, live with all streams open=%d,"
        + " peak=%d); new thread names alive at the end: %s%n", started, liveBefore, liveOpen,
        threads.getPeakThreadCount(), names);
    System.out.printf("heap used after GC: before=%.1f MB, all streams open=%.1f MB (delta %.1f MB); max heap=%.0f"
        + " MB%n", heapBefore / 1e6, heapOpen / 1e6, (heapOpen - heapBefore) / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6);
    System.out.printf("time to open all=%.0f ms, to finish after release=%.0f ms%n", (opened - start) / 1e6,
        (end - opened) / 1e6);
    stub.close();
    System.exit(failures.get() == 0 ? 0 : 1);
  }

  private static Set<Long> ids(ThreadMXBean threads) {
    Set<Long> ids = new HashSet<>();
    for (long id : threads.getAllThreadIds()) {
      ids.add(id);
    }
    return ids;
  }
}
