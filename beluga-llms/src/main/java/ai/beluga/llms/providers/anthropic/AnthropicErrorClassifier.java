package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.errors.ErrorClassifier;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.errors.ProviderError;
import ai.beluga.llms.internal.Json;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Classifies Anthropic's errors, whether an error body ({@code {"type":"error","error":{"type":...,"message":...}}})
 * or an {@code error} event inside a 200 stream, by error type first and HTTP status last.
 *
 * <p>Anthropic sends no error code, only a type. {@code invalid_request_error} is deliberately not mapped by type, so
 * that the message fragment {@code prompt is too long} can make it {@code CONTEXT_LENGTH_EXCEEDED}; otherwise the
 * status (400) makes it {@code INVALID_INPUT}. {@code retryAfter} comes from {@code retry-after} (and
 * {@code retry-after-ms}); the request id from {@code request-id}.
 */
final class AnthropicErrorClassifier {
  private final ErrorClassifier classifier;

  AnthropicErrorClassifier(Clock clock) {
    this.classifier = ErrorClassifier.builder(AnthropicTranslator.PROVIDER)
        .type("overloaded_error", ErrorCode.OVERLOADED)
        .type("rate_limit_error", ErrorCode.RATE_LIMIT)
        .type("request_too_large", ErrorCode.REQUEST_TOO_LARGE)
        .type("authentication_error", ErrorCode.AUTHENTICATION)
        .type("permission_error", ErrorCode.PERMISSION_DENIED)
        .type("not_found_error", ErrorCode.NOT_FOUND)
        .type("billing_error", ErrorCode.QUOTA_EXCEEDED)
        .type("timeout_error", ErrorCode.TIMEOUT)
        .type("api_error", ErrorCode.SERVER_ERROR)
        // Scoped to the type so that a plain invalid request is INVALID_INPUT, even inside a 200 stream.
        .typeAndMessage("invalid_request_error", "prompt is too long", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
        .typeAndMessage("invalid_request_error", "exceed context limit", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
        .type("invalid_request_error", ErrorCode.INVALID_INPUT)
        .messageContains("prompt is too long", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
        .messageContains("exceed context limit", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
        .clock(clock)
        .build();
  }

  /** Classifies an error body; a body that is not Anthropic's error JSON is classified by status alone. */
  LlmException.Builder classify(int status, HttpHeaders headers, byte[] body, int offset, int length) {
    JsonNode error;
    try {
      error = Json.MAPPER.readTree(body, offset, length).path("error");
    } catch (JacksonException e) {
      return classifier.classify(ProviderError.of(status, headers));
    }
    return classify(status, headers, error);
  }

  /** Classifies the {@code error} object of an error body or event. */
  LlmException.Builder classify(int status, HttpHeaders headers, JsonNode error) {
    if (!error.isObject()) {
      return classifier.classify(ProviderError.of(status, headers));
    }
    return classifier.classify(new ProviderError(status, headers, text(error, "type"), Optional.empty(),
        text(error, "message")));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
  }
}
