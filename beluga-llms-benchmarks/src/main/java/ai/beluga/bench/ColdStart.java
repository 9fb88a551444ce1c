package ai.beluga.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Issue 6 (g): cold start. Launches fresh JVMs, alternating the library and the raw baseline, each running
 * {@link ColdStartTarget} against a stub in this process, and times each from {@code ProcessBuilder.start()} to the
 * line the child prints after its first response. Reports the medians and their difference; the JVM's own start is
 * in both.
 *
 * <p>Run: {@code java -cp beluga-llms-benchmarks/target/benchmarks.jar ai.beluga.bench.ColdStart [runs]}.
 */
public final class ColdStart {
  private ColdStart() {}

  /**
   * Runs the check.
   *
   * @param args the runs per side (default 11)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    String java = System.getProperty("java.home") + "/bin/java";
    String classPath = System.getProperty("java.class.path");
    try (BenchServer stub = BenchServer.start()) {
      List<Double> beluga = new ArrayList<>();
      List<Double> raw = new ArrayList<>();
      List<Double> belugaMain = new ArrayList<>();
      List<Double> rawMain = new ArrayList<>();
      // One of each first, not counted: it warms the page cache for the jar.
      run(java, classPath, "raw", stub, null);
      run(java, classPath, "beluga", stub, null);
      for (int i = 0; i < runs; i++) {
        beluga.add(run(java, classPath, "beluga", stub, belugaMain));
        raw.add(run(java, classPath, "raw", stub, rawMain));
      }
      double b = median(beluga);
      double r = median(raw);
      System.out.printf("cold start, process start to first response, median of %d: beluga=%.0f ms raw=%.0f ms"
          + " difference=%.0f ms%n", runs, b, r, b - r);
      System.out.printf("inside the child, main() to first response, median: beluga=%.0f ms raw=%.0f ms"
          + " difference=%.0f ms%n", median(belugaMain), median(rawMain), median(belugaMain) - median(rawMain));
    }
  }

  private static double run(String java, String classPath, String side, BenchServer stub, List<Double> inMain)
      throws Exception {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(java, "-cp", classPath, ColdStartTarget.class.getName(), side,
        stub.root().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line = out.readLine();
      long elapsed = System.nanoTime() - start;
      if (line == null || !line.startsWith("first-response ")) {
        throw new IllegalStateException(side + " printed " + line);
      }
      if (inMain != null) {
        inMain.add(Long.parseLong(line.substring("first-response ".length())) / 1e6);
      }
      process.waitFor();
      return elapsed / 1e6;
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
