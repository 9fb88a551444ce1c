package ai.beluga.llms.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.spi.ChatTranslator;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.spi.StreamDecoder;
import ai.beluga.llms.spi.WireRequest;
import ai.beluga.llms.spi.WireResponse;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The per-call merge of a request's options over the configured defaults, which runs before every call. */
class HttpChatModelPrepareTest {

  private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

  @AfterAll
  static void stop() {
    SCHEDULER.shutdownNow();
  }

  private static HttpChatModel model(ChatOptions defaults) {
    ProviderContext context = new ProviderContext(HttpClient.newHttpClient(), Clock.systemUTC(), SCHEDULER);
    return new HttpChatModel(new Unused(), HttpModelSettings.of("configured", defaults, Duration.ofSeconds(5)),
        context);
  }

  @Test
  void requestThatNamesItsModelWithoutDefaultsIsPassedOnAsItIs() {
    ChatRequest request = ChatRequest.of("hi").toBuilder()
        .options(ChatOptions.builder().model("per-call").temperature(0.3).build()).build();

    assertThat(model(ChatOptions.none()).prepare(request)).isSameAs(request);
  }

  @Test
  void requestWithoutOptionsTakesTheConfiguredModelFromOneSharedBaseline() {
    HttpChatModel model = model(ChatOptions.builder().temperature(0.2).build());
    ChatRequest first = model.prepare(ChatRequest.of("one"));
    ChatRequest second = model.prepare(ChatRequest.of("two"));

    assertThat(first.options().model()).contains("configured");
    assertThat(first.options().temperature()).hasValue(0.2);
    assertThat(second.options()).isSameAs(first.options());
  }

  @Test
  void perCallOptionsWinOverDefaultsAndTheModelIsFilledIn() {
    HttpChatModel model = model(ChatOptions.builder().temperature(0.2).maxOutputTokens(64).build());
    ChatRequest prepared = model.prepare(ChatRequest.of("hi").toBuilder()
        .options(ChatOptions.builder().temperature(0.9).build()).build());

    assertThat(prepared.options().model()).contains("configured");
    assertThat(prepared.options().temperature()).hasValue(0.9);
    assertThat(prepared.options().maxOutputTokens()).hasValue(64);
  }

  @Test
  void requestWithoutAModelWhereNoDefaultsAreSetStillGetsTheConfiguredModel() {
    ChatRequest prepared = model(ChatOptions.none()).prepare(ChatRequest.of("hi").toBuilder()
        .options(ChatOptions.builder().temperature(0.5).build()).build());

    assertThat(prepared.options().model()).contains("configured");
    assertThat(prepared.options().temperature()).hasValue(0.5);
  }

  /** A translator that is never asked for anything: {@code prepare} runs before any translation. */
  private static final class Unused implements ChatTranslator {
    @Override public String provider() { return "unused"; }
    @Override public WireRequest encode(ChatRequest request, boolean stream) { throw new AssertionError(); }
    @Override public ChatResponse decode(WireResponse response) { throw new AssertionError(); }
    @Override public StreamFraming streamFraming() { return StreamFraming.SSE; }
    @Override public StreamDecoder newStreamDecoder(WireResponse head) { throw new AssertionError(); }
    @Override public LlmException.Builder classifyError(WireResponse response) { throw new AssertionError(); }
    @Override public Optional<WireRequest> healthProbe() { return Optional.empty(); }
  }
}
