package ai.beluga.llms.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnthropicErrorClassifierTest {
  private static final AnthropicErrorClassifier CLASSIFIER =
      new AnthropicErrorClassifier(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));

  private static String body(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},"
        + "\"request_id\":\"req_body\"}";
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.argumentSet("400 invalid_request_error", 400, body("invalid_request_error", "max_tokens: required"),
            Map.of(), ErrorCode.INVALID_INPUT, null),
        Arguments.argumentSet("400 prompt is too long", 400,
            body("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"), Map.of(),
            ErrorCode.CONTEXT_LENGTH_EXCEEDED, null),
        Arguments.argumentSet("401 authentication_error", 401, body("authentication_error", "invalid x-api-key"),
            Map.of(), ErrorCode.AUTHENTICATION, null),
        Arguments.argumentSet("402 billing_error", 402, body("billing_error", "credit balance too low"), Map.of(),
            ErrorCode.QUOTA_EXCEEDED, null),
        Arguments.argumentSet("403 permission_error", 403, body("permission_error", "no access"), Map.of(),
            ErrorCode.PERMISSION_DENIED, null),
        Arguments.argumentSet("404 not_found_error", 404, body("not_found_error", "model: claude-nope"), Map.of(),
            ErrorCode.NOT_FOUND, null),
        Arguments.argumentSet("413 request_too_large", 413, body("request_too_large", "Request too large"), Map.of(),
            ErrorCode.REQUEST_TOO_LARGE, null),
        Arguments.argumentSet("413 from the proxy, not JSON", 413, "<html>413 Request Entity Too Large</html>",
            Map.of(), ErrorCode.REQUEST_TOO_LARGE, null),
        Arguments.argumentSet("429 with retry-after: 7", 429, body("rate_limit_error", "slow down"),
            Map.of("retry-after", "7"), ErrorCode.RATE_LIMIT, Duration.ofSeconds(7)),
        Arguments.argumentSet("429 with retry-after-ms: 1500", 429, body("rate_limit_error", "slow down"),
            Map.of("retry-after-ms", "1500"), ErrorCode.RATE_LIMIT, Duration.ofMillis(1500)),
        Arguments.argumentSet("500 api_error", 500, body("api_error", "Internal server error"), Map.of(),
            ErrorCode.SERVER_ERROR, null),
        Arguments.argumentSet("503 with an empty body", 503, "", Map.of(), ErrorCode.OVERLOADED, null),
        Arguments.argumentSet("504 timeout_error", 504, body("timeout_error", "Request timed out"), Map.of(),
            ErrorCode.TIMEOUT, null),
        Arguments.argumentSet("529 overloaded_error", 529, body("overloaded_error", "Overloaded"), Map.of(),
            ErrorCode.OVERLOADED, null));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void classifiesByTypeThenStatusAndReadsRetryAfterAndRequestId(int status, String body, Map<String, String> extra,
      ErrorCode code, Duration retryAfter) {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    headers.put("request-id", List.of("req_header"));
    extra.forEach((name, value) -> headers.put(name, List.of(value)));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    LlmException error = CLASSIFIER.classify(status, HttpHeaders.of(headers, (a, b) -> true), bytes, 0, bytes.length)
        .build();

    assertThat(error.code()).isEqualTo(code);
    assertThat(error.retryable()).isEqualTo(code.retryable());
    assertThat(error.httpStatus()).hasValue(status);
    assertThat(error.provider()).hasValue("anthropic");
    assertThat(error.requestId()).hasValue("req_header");
    assertThat(error.retryAfter()).isEqualTo(Optional.ofNullable(retryAfter));
  }
}
