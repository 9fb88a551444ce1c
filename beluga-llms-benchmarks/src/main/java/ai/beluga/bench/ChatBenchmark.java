package ai.beluga.bench;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatResponse;
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

/**
 * Issue 6 (a) and (e): one non-streamed OpenAI chat call against the stub. {@code impl=RAW} is the baseline
 * (HttpClient + Jackson); {@code BARE} is the library with retries off and a no-op OpenTelemetry; {@code DEFAULTS} is
 * the default stack with no SDK installed; {@code SDK} adds the OpenTelemetry SDK with in-memory exporters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ChatBenchmark {
  @Param({"RAW", "UNDECORATED", "BARE", "DEFAULTS", "SDK"})
  public String impl;

  private BenchServer stub;
  private Raw raw;
  private ChatModel model;

  @Setup(Level.Trial)
  public void setUp() {
    stub = BenchServer.start();
    if (impl.equals("RAW")) {
      raw = new Raw(stub);
      check(raw.chat().text());
    } else {
      model = Models.openAi(stub, Models.Stack.valueOf(impl));
      check(model.chat(Models.REQUEST).text());
    }
  }

  private static void check(String text) {
    if (!text.startsWith("The capital of France is Paris.")) {
      throw new IllegalStateException("unexpected answer: " + text);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    stub.close();
  }

  /**
   * One call.
   *
   * @return the answer, for the blackhole
   */
  @Benchmark
  public Object call() {
    if (raw != null) {
      return raw.chat();
    }
    ChatResponse response = model.chat(Models.REQUEST);
    return response;
  }
}
