package ai.beluga.llms.providers.openai;

import ai.beluga.llms.errors.ErrorClassifier;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.errors.ProviderError;
import ai.beluga.llms.internal.Json;
import java.net.http.HttpHeaders;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Classifies OpenAI error bodies ({@code {"error":{"message":...,"type":...,"param":...,"code":...}}}) and the error
 * objects some servers send inside a 200 stream. Internal to the provider.
 *
 * <p>By code: {@code insufficient_quota} is {@code QUOTA_EXCEEDED} (a 429 that waiting does not cure),
 * {@code context_length_exceeded} and {@code string_above_max_length} are {@code CONTEXT_LENGTH_EXCEEDED},
 * {@code content_filter}, {@code content_policy_violation} and {@code ResponsibleAIPolicyViolation} (Azure) are
 * {@code CONTENT_FILTERED}, {@code invalid_api_key} is {@code AUTHENTICATION}, {@code model_not_found} is
 * {@code NOT_FOUND}, {@code rate_limit_exceeded} is {@code RATE_LIMIT}. By type: {@code insufficient_quota} (older
 * bodies) and {@code overloaded_error}; {@code server_error} is left to the status, so that a 503 stays
 * {@code OVERLOADED}. By message, for compatible servers that send only text
 * (vLLM, llama.cpp): "maximum context length" and "exceeds the context size". Otherwise the HTTP status decides.
 */
final class OpenAiErrorClassifier {
  private final ErrorClassifier classifier;

  OpenAiErrorClassifier(String provider) {
    this.classifier = ErrorClassifier.builder(provider)
        .code("insufficient_quota", ErrorCode.QUOTA_EXCEEDED)
        .code("context_length_exceeded", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
        .code("string_above_max_length", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
        .code("content_filter", ErrorCode.CONTENT_FILTERED)
        .code("content_policy_violation", ErrorCode.CONTENT_FILTERED)
        .code("ResponsibleAIPolicyViolation", ErrorCode.CONTENT_FILTERED)
        .code("invalid_api_key", ErrorCode.AUTHENTICATION)
        .code("model_not_found", ErrorCode.NOT_FOUND)
        .code("rate_limit_exceeded", ErrorCode.RATE_LIMIT)
        .code("overloaded", ErrorCode.OVERLOADED)
        .type("insufficient_quota", ErrorCode.QUOTA_EXCEEDED)
        .type("overloaded_error", ErrorCode.OVERLOADED)
        .messageContains("maximum context length", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
        .messageContains("exceeds the context size", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
        .build();
  }

  /** Classifies an HTTP error response; a body that is not JSON is classified by status alone. */
  LlmException.Builder classify(int status, HttpHeaders headers, byte[] body) {
    JsonNode root;
    try {
      root = body.length == 0 ? null : Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      root = null;
    }
    if (root == null) {
      return classifier.classify(ProviderError.of(status, headers));
    }
    JsonNode error = root.get("error");
    return classifier.classify(errorOf(status, headers, error == null ? root : error));
  }

  /** Classifies the {@code error} member of a stream frame or body. */
  LlmException.Builder classify(int status, HttpHeaders headers, JsonNode error) {
    return classifier.classify(errorOf(status, headers, error));
  }

  private static ProviderError errorOf(int status, HttpHeaders headers, JsonNode error) {
    if (error.isString()) {
      // Some compatible servers send {"error": "text"}.
      return new ProviderError(status, headers, Optional.empty(), Optional.empty(), Optional.of(error.asString()));
    }
    return new ProviderError(status, headers, text(error.get("type")), text(error.get("code")),
        text(error.get("message")));
  }

  private static Optional<String> text(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    // "code" is a number on some servers (Groq, vLLM send the HTTP status there).
    String value = node.isString() ? node.asString() : node.toString();
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
