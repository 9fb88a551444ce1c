package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.spi.ChatTranslator;
import ai.beluga.llms.spi.StreamDecoder;
import ai.beluga.llms.spi.WireRequest;
import ai.beluga.llms.spi.WireResponse;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code anthropic} provider's translation for the HTTP engine: the Messages API ({@code POST /v1/messages}),
 * SSE streams, error bodies and events, and a health probe that lists one model ({@code GET /v1/models?limit=1}).
 * Every request carries {@code x-api-key}, {@code anthropic-version} and the config's extra headers.
 *
 * <p>Internal to the provider; built by {@link AnthropicProviderFactory} and {@link Anthropic#chatModel}. Immutable and
 * thread-safe. It never retries, logs or opens a span.
 */
final class AnthropicTranslator implements ChatTranslator {
  static final String PROVIDER = "anthropic";

  private final URI messagesUri;
  private final URI modelsUri;
  private final Map<String, String> headers;
  private final AnthropicRequestEncoder encoder;
  private final AnthropicErrorClassifier classifier;

  AnthropicTranslator(AnthropicConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    String base = config.baseUrl().toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    this.messagesUri = URI.create(base + "/v1/messages");
    this.modelsUri = URI.create(base + "/v1/models?limit=1");
    Map<String, String> all = new LinkedHashMap<>(config.extraHeaders());
    all.put("x-api-key", config.apiKey().reveal());
    all.put("anthropic-version", config.apiVersion());
    this.headers = Map.copyOf(all);
    this.encoder = new AnthropicRequestEncoder(config.defaultMaxTokens());
    this.classifier = new AnthropicErrorClassifier(clock);
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public WireRequest encode(ChatRequest request, boolean stream) {
    return WireRequest.postJson(messagesUri, headers, encoder.encode(request, stream));
  }

  @Override
  public ChatResponse decode(WireResponse response) {
    return AnthropicResponseDecoder.decode(response.body(), 0, response.body().length);
  }

  @Override
  public StreamFraming streamFraming() {
    return StreamFraming.SSE;
  }

  @Override
  public StreamDecoder newStreamDecoder(WireResponse head) {
    return new AnthropicStreamDecoder(head.headers(), classifier);
  }

  @Override
  public LlmException.Builder classifyError(WireResponse response) {
    return classifier.classify(response.status(), response.headers(), response.body(), 0, response.body().length);
  }

  @Override
  public Optional<WireRequest> healthProbe() {
    return Optional.of(WireRequest.get(modelsUri, headers));
  }

  /** {@return the provider and endpoint only: the headers hold the key} */
  @Override
  public String toString() {
    return "AnthropicTranslator[" + messagesUri + "]";
  }
}
