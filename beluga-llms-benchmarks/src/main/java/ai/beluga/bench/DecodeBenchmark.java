package ai.beluga.bench;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.internal.http.SseDecoder;
import ai.beluga.llms.providers.anthropic.AnthropicConfig;
import ai.beluga.llms.providers.anthropic.AnthropicProviderFactory;
import ai.beluga.llms.providers.openai.OpenAiConfig;
import ai.beluga.llms.providers.openai.OpenAiTranslator;
import ai.beluga.llms.spi.ChatTranslator;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.spi.StreamDecoder;
import ai.beluga.llms.spi.WireResponse;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;

/**
 * Issue 6 (c): stream decoding alone, SSE bytes in network-sized buffers to {@link StreamEvent}s, no HTTP, for the
 * OpenAI and the Anthropic stream decoders. The {@code megabytes} and {@code events} counters are rates: MB/s and
 * events/s. The baseline splits lines and parses every {@code data:} line with {@code ObjectMapper.readTree}, pulling
 * out the text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class DecodeBenchmark {
  private static final HttpHeaders SSE_HEADERS =
      HttpHeaders.of(Map.of("content-type", List.of("text/event-stream")), (name, value) -> true);

  @Param({"openai", "anthropic"})
  public String provider;

  @Param({"RAW", "BELUGA"})
  public String impl;

  private List<ByteBuffer> buffers;
  private byte[] bytes;
  private ChatTranslator translator;

  /** Rates reported beside the operations. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Rates {
    /** Megabytes decoded. */
    public double megabytes;
    /** Events produced. */
    public long events;
  }

  @Setup(Level.Trial)
  public void setUp() {
    if (provider.equals("anthropic")) {
      bytes = Fixtures.ANTHROPIC_STREAM;
      translator = anthropicTranslator();
    } else {
      bytes = Fixtures.OPENAI_STREAM;
      translator = new OpenAiTranslator(OpenAiConfig.builder().apiKey(Secret.of("sk-bench"))
          .baseUrl(URI.create("http://127.0.0.1:1/v1")).build());
    }
    // The JDK client hands a body subscriber buffers of up to 16 KiB.
    buffers = Fixtures.slices(bytes, 16 * 1024);
  }

  /**
   * The Anthropic translation, as the provider's public factory builds it. {@code AnthropicTranslator} is
   * package-private and no public door hands out a provider's translator, so this takes it from the bare engine model
   * the factory returns, by reflection, once per trial (not measured): the benchmark widens no API.
   */
  private static ChatTranslator anthropicTranslator() {
    AnthropicConfig config = AnthropicConfig.builder().apiKey(Secret.of("sk-ant-bench"))
        .model("claude-3-5-sonnet-20241022").baseUrl(URI.create("http://127.0.0.1:1")).build();
    ProviderContext context = new ProviderContext(HttpClient.newHttpClient(), Clock.systemUTC(),
        Executors.newSingleThreadScheduledExecutor());
    ChatModel model = AnthropicProviderFactory.chatModel(config, context);
    try {
      Method translator = model.getClass().getDeclaredMethod("translator");
      translator.setAccessible(true);
      return (ChatTranslator) translator.invoke(model);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("the anthropic model is not the HTTP engine's; cannot reach its translator", e);
    }
  }

  /**
   * Decodes one whole stream.
   *
   * @param bh the blackhole
   * @param rates the rates
   * @return events produced
   */
  @Benchmark
  public int decode(Blackhole bh, Rates rates) {
    int events = impl.equals("RAW") ? raw(bh) : beluga(bh);
    rates.events += events;
    rates.megabytes += bytes.length / 1e6;
    return events;
  }

  private int beluga(Blackhole bh) {
    StreamDecoder decoder = translator.newStreamDecoder(new WireResponse(200, SSE_HEADERS, new byte[0]));
    int[] count = {0};
    StreamDecoder.EventSink sink = event -> {
      count[0]++;
      bh.consume(event);
    };
    SseDecoder sse = new SseDecoder((type, data, offset, length, id) -> decoder.onFrame(type, data, offset, length,
        sink));
    for (int i = 0, n = buffers.size(); i < n; i++) {
      sse.feed(buffers.get(i).duplicate());
    }
    sse.end();
    decoder.onEnd(sink);
    return count[0];
  }

  /** A plain line splitter on the bytes and a readTree per data line, as a hand-written client would. */
  private int raw(Blackhole bh) {
    byte[] line = new byte[256];
    int length = 0;
    int events = 0;
    for (int i = 0, n = buffers.size(); i < n; i++) {
      ByteBuffer buffer = buffers.get(i).duplicate();
      while (buffer.hasRemaining()) {
        byte b = buffer.get();
        if (b != '\n') {
          if (length == line.length) {
            line = java.util.Arrays.copyOf(line, length * 2);
          }
          line[length++] = b;
          continue;
        }
        if (length > 6 && line[0] == 'd' && line[4] == ':') {
          int start = line[5] == ' ' ? 6 : 5;
          if (!(length - start == 6 && line[start] == '[')) {
            JsonNode node = Raw.MAPPER.readTree(line, start, length - start);
            events += rawEvent(node, bh);
          }
        }
        length = 0;
      }
    }
    return events;
  }

  private int rawEvent(JsonNode node, Blackhole bh) {
    if (provider.equals("anthropic")) {
      JsonNode text = node.path("delta").get("text");
      if (text != null) {
        bh.consume(text.asString());
        return 1;
      }
      return 0;
    }
    String text = node.path("choices").path(0).path("delta").path("content").asString("");
    if (!text.isEmpty()) {
      bh.consume(text);
      return 1;
    }
    JsonNode usage = node.get("usage");
    if (usage != null && usage.isObject()) {
      bh.consume(usage.path("completion_tokens").asLong());
      return 1;
    }
    return 0;
  }
}
