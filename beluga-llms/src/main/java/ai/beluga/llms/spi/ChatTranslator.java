package ai.beluga.llms.spi;

import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.LlmException;
import java.util.Optional;

/**
 * What an HTTP provider implements: a translation between Beluga's values and the provider's wire format, and nothing
 * else. The engine (built with {@link ai.beluga.llms.spi.http.HttpProviders#chatModel}) owns the HTTP client, timeouts, cancellation, body
 * limits and the decoding of SSE and NDJSON framing; middleware owns retries, telemetry and logging. A translation
 * never retries, logs or opens a span.
 *
 * <pre>{@code
 * final class MyTranslator implements ChatTranslator {
 *   public String provider() { return "my-provider"; }
 *   public WireRequest encode(ChatRequest request, boolean stream) { ... }
 *   public ChatResponse decode(WireResponse response) { ... }
 *   public StreamFraming streamFraming() { return StreamFraming.SSE; }
 *   public StreamDecoder newStreamDecoder(WireResponse head) { ... }
 *   public LlmException.Builder classifyError(WireResponse response) { ... }
 *   public Optional<WireRequest> healthProbe() { return Optional.of(WireRequest.get(modelsUri, authHeaders)); }
 * }
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public interface ChatTranslator {

  /**
   * {@return the provider's name, such as {@code openai}}
   *
   * @since 0.1.0
   */
  String provider();

  /**
   * Encodes a call. The request's options are already laid over the model's defaults, and its model is set
   * ({@code request.options().model()} is present).
   *
   * @param request the request
   * @param stream whether to ask for a streamed answer
   * @return the HTTP request
   * @throws LlmException with {@code UNSUPPORTED} naming the provider and the feature the request needs but the
   *     provider lacks; never drop a feature silently
   * @since 0.1.0
   */
  WireRequest encode(ChatRequest request, boolean stream);

  /**
   * Decodes a successful (2xx) non-streamed answer.
   *
   * @param response the response with its body
   * @return the answer
   * @throws LlmException with {@code INVALID_RESPONSE} when the body cannot be read, or another code when the body is
   *     an error the provider sent with a 2xx status
   * @since 0.1.0
   */
  ChatResponse decode(WireResponse response);

  /**
   * {@return how the provider frames a streamed answer}
   *
   * @since 0.1.0
   */
  StreamFraming streamFraming();

  /**
   * Creates the decoder for one streamed answer.
   *
   * @param head the response's status (2xx) and headers, with an empty body
   * @return a fresh decoder
   * @since 0.1.0
   */
  StreamDecoder newStreamDecoder(WireResponse head);

  /**
   * Classifies an error response (status 300 or above), usually by reading the provider's error body and handing it
   * to an {@link ai.beluga.llms.errors.ErrorClassifier}.
   *
   * @param response the response with its body (possibly truncated to a size limit)
   * @return a builder for the exception; the engine adds the model and builds it
   * @since 0.1.0
   */
  LlmException.Builder classifyError(WireResponse response);

  /**
   * {@return the cheap, authenticated request that probes health (such as listing models), if the provider has one}
   *
   * @since 0.1.0
   */
  Optional<WireRequest> healthProbe();

  /**
   * How a provider frames a streamed answer.
   *
   * @since 0.1.0
   */
  enum StreamFraming {
    /** Server-sent events ({@code text/event-stream}). */
    SSE,
    /** Newline-delimited JSON. */
    NDJSON
  }
}
