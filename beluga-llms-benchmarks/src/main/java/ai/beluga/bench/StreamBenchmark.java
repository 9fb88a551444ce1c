package ai.beluga.bench;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 6 (b) and (e): one streamed call of {@value Fixtures#CHUNKS} text chunks, read to the end by iterating the
 * {@link ChatStream}. The baseline reads the same bytes with {@code BodyHandlers.ofLines()} and parses every
 * {@code data:} line with Jackson. {@code provider=anthropic} needs the Anthropic provider registered; the stub
 * and the baseline already serve and read its stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class StreamBenchmark {
  @Param({"openai", "anthropic"})
  public String provider;

  @Param({"RAW", "UNDECORATED", "BARE", "DEFAULTS", "SDK"})
  public String impl;

  private BenchServer stub;
  private Raw raw;
  private ChatModel model;
  private boolean anthropic;

  @Setup(Level.Trial)
  public void setUp() {
    stub = BenchServer.start();
    anthropic = provider.equals("anthropic");
    if (impl.equals("RAW")) {
      raw = new Raw(stub);
    } else {
      Models.Stack stack = Models.Stack.valueOf(impl);
      model = anthropic ? Models.anthropic(stub, stack) : Models.openAi(stub, stack);
    }
    int deltas = run(new Counter());
    if (deltas != Fixtures.CHUNKS) {
      throw new IllegalStateException("expected " + Fixtures.CHUNKS + " text deltas, read " + deltas);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    stub.close();
  }

  /**
   * One stream read to its end.
   *
   * @param bh the blackhole
   * @return the number of text deltas
   */
  @Benchmark
  public int stream(Blackhole bh) {
    return run(bh::consume);
  }

  private int run(java.util.function.Consumer<Object> sink) {
    if (raw != null) {
      return anthropic ? raw.streamAnthropic(sink::accept) : raw.streamOpenAi(sink::accept);
    }
    int deltas = 0;
    try (ChatStream stream = model.stream(Models.REQUEST)) {
      for (StreamEvent event : stream) {
        if (event instanceof StreamEvent.TextDelta) {
          deltas++;
        }
        sink.accept(event);
      }
    }
    return deltas;
  }

  private static final class Counter implements java.util.function.Consumer<Object> {
    @Override
    public void accept(Object o) {}
  }
}
