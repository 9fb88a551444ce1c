package ai.beluga.llms.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiErrorClassifierTest {
  private final OpenAiErrorClassifier classifier = new OpenAiErrorClassifier("openai");

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.argumentSet("429 insufficient_quota is a quota, not a rate limit", 429,
            body("insufficient_quota", "insufficient_quota", "You exceeded your current quota"),
            ErrorCode.QUOTA_EXCEEDED),
        Arguments.argumentSet("429 rate_limit_exceeded", 429, body("requests", "rate_limit_exceeded", "Slow down"),
            ErrorCode.RATE_LIMIT),
        Arguments.argumentSet("400 context_length_exceeded", 400,
            body("invalid_request_error", "context_length_exceeded", "maximum context length is 128000 tokens"),
            ErrorCode.CONTEXT_LENGTH_EXCEEDED),
        Arguments.argumentSet("400 content_policy_violation", 400,
            body("invalid_request_error", "content_policy_violation", "rejected"), ErrorCode.CONTENT_FILTERED),
        Arguments.argumentSet("400 Azure content_filter", 400, body(null, "content_filter", "filtered"),
            ErrorCode.CONTENT_FILTERED),
        Arguments.argumentSet("400 vLLM context length by message only", 400,
            "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens\","
                + "\"type\":\"BadRequestError\",\"code\":400}", ErrorCode.CONTEXT_LENGTH_EXCEEDED),
        Arguments.argumentSet("400 plain", 400, body("invalid_request_error", null, "bad"), ErrorCode.INVALID_INPUT),
        Arguments.argumentSet("401 invalid_api_key", 401, body("invalid_request_error", "invalid_api_key", "no"),
            ErrorCode.AUTHENTICATION),
        Arguments.argumentSet("403", 403, body("request_forbidden", "unsupported_country_region_territory", "no"),
            ErrorCode.PERMISSION_DENIED),
        Arguments.argumentSet("404 model_not_found", 404, body("invalid_request_error", "model_not_found", "no"),
            ErrorCode.NOT_FOUND),
        Arguments.argumentSet("500 server_error", 500, body("server_error", null, "oops"), ErrorCode.SERVER_ERROR),
        Arguments.argumentSet("503 server_error stays overloaded", 503, body("server_error", null, "overloaded"),
            ErrorCode.OVERLOADED),
        Arguments.argumentSet("502 with an HTML body", 502, "<html>bad gateway</html>", ErrorCode.SERVER_ERROR),
        Arguments.argumentSet("string error from a compatible server", 500, "{\"error\":\"boom\"}",
            ErrorCode.SERVER_ERROR));
  }

  private static String body(String type, String code, String message) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":" + quoted(type) + ",\"param\":null,\"code\":"
        + quoted(code) + "}}";
  }

  private static String quoted(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }

  @ParameterizedTest
  @MethodSource("errors")
  void classifiesByCodeThenTypeThenMessageThenStatus(int status, String body, ErrorCode expected) {
    LlmException error = classifier.classify(status, headers(Map.of("x-request-id", List.of("req_1"))),
        body.getBytes(StandardCharsets.UTF_8)).build();

    assertThat(error.code()).isEqualTo(expected);
    assertThat(error.httpStatus()).hasValue(status);
    assertThat(error.requestId()).hasValue("req_1");
  }

  @ParameterizedTest
  @MethodSource("retryHeaders")
  void retryAfterComesFromTheHeaders(Map<String, List<String>> headers, Duration expected) {
    LlmException error = classifier.classify(429, headers(headers),
        body("requests", "rate_limit_exceeded", "slow").getBytes(StandardCharsets.UTF_8)).build();

    assertThat(error.retryAfter()).hasValue(expected);
  }

  static Stream<Arguments> retryHeaders() {
    return Stream.of(
        Arguments.argumentSet("Retry-After seconds", Map.of("retry-after", List.of("7")), Duration.ofSeconds(7)),
        Arguments.argumentSet("retry-after-ms", Map.of("retry-after-ms", List.of("1500")), Duration.ofMillis(1500)));
  }

  private static HttpHeaders headers(Map<String, List<String>> map) {
    return HttpHeaders.of(map, (name, value) -> true);
  }
}
