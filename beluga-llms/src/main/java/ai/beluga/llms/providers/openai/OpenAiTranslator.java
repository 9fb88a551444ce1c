package ai.beluga.llms.providers.openai;

import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.spi.ChatTranslator;
import ai.beluga.llms.spi.StreamDecoder;
import ai.beluga.llms.spi.WireRequest;
import ai.beluga.llms.spi.WireResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenAI Chat Completions translation, for OpenAI and every {@link OpenAiPreset}: it ties the
 * {@link OpenAiRequestEncoder}, {@link OpenAiResponseDecoder}, {@link OpenAiStreamDecoder} and
 * {@link OpenAiErrorClassifier} together for the HTTP engine. The health probe is {@code GET /models}: cheap,
 * authenticated, and free of tokens.
 *
 * <p>Users do not hold one: {@code OpenAi.chatModel(config)} builds the model. Immutable and thread-safe; it neither
 * retries, logs nor opens spans.
 *
 * @since 0.1.0
 */
public final class OpenAiTranslator implements ChatTranslator {
  private final OpenAiConfig config;
  private final OpenAiRequestEncoder encoder;
  private final OpenAiErrorClassifier classifier;
  private final WireRequest probe;

  /**
   * Creates the translation of a config.
   *
   * @param config a validated config
   * @since 0.1.0
   */
  public OpenAiTranslator(OpenAiConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.encoder = new OpenAiRequestEncoder(config);
    this.classifier = new OpenAiErrorClassifier(OpenAiProviderFactory.NAME);
    URI models = OpenAiRequestEncoder.resolve(config.baseUrl(), "/models");
    if (config.preset() == OpenAiPreset.AZURE_OPENAI) {
      models = URI.create(models + "?api-version=" + URLEncoder.encode(
          config.apiVersion().orElse(OpenAiConfig.DEFAULT_AZURE_API_VERSION), StandardCharsets.UTF_8));
    }
    this.probe = WireRequest.get(models, encoder.headers());
  }

  /**
   * {@return {@code "openai"}, for OpenAI and every preset}
   *
   * @since 0.1.0
   */
  @Override
  public String provider() {
    return OpenAiProviderFactory.NAME;
  }

  /**
   * Encodes a request.
   *
   * @param request the request, with options merged and the model set
   * @param stream whether to stream
   * @return the HTTP request
   * @throws LlmException {@code UNSUPPORTED} if the request uses a feature the preset lacks
   * @since 0.1.0
   */
  @Override
  public WireRequest encode(ChatRequest request, boolean stream) {
    return encoder.encode(request, stream);
  }

  /**
   * Decodes an answer.
   *
   * @param response a 2xx response
   * @return the answer
   * @throws LlmException {@code INVALID_RESPONSE} if the body is not a Chat Completions answer
   * @since 0.1.0
   */
  @Override
  public ChatResponse decode(WireResponse response) {
    return OpenAiResponseDecoder.decode(response);
  }

  /**
   * {@return SSE}
   *
   * @since 0.1.0
   */
  @Override
  public StreamFraming streamFraming() {
    return StreamFraming.SSE;
  }

  /**
   * Creates the decoder of one stream.
   *
   * @param head the stream's status and headers
   * @return a new decoder
   * @since 0.1.0
   */
  @Override
  public StreamDecoder newStreamDecoder(WireResponse head) {
    return new OpenAiStreamDecoder(head.headers(), classifier);
  }

  /**
   * Classifies an error response.
   *
   * @param response a non-2xx response
   * @return the error, ready for the engine to add the model
   * @since 0.1.0
   */
  @Override
  public LlmException.Builder classifyError(WireResponse response) {
    return classifier.classify(response.status(), response.headers(), response.body());
  }

  /**
   * {@return the probe: {@code GET /models} with the request headers}
   *
   * @since 0.1.0
   */
  @Override
  public Optional<WireRequest> healthProbe() {
    return Optional.of(probe);
  }

  /**
   * {@return the translator without its key}
   *
   * @since 0.1.0
   */
  @Override
  public String toString() {
    return "OpenAiTranslator[" + config.preset().id() + ", " + config.baseUrl() + "]";
  }
}
