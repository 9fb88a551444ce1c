package ai.beluga.llms.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorCodeTest {
  /** DESIGN section 6: only these codes are worth trying again. */
  private static final Set<ErrorCode> RETRYABLE = EnumSet.of(
      ErrorCode.RATE_LIMIT, ErrorCode.OVERLOADED, ErrorCode.SERVER_ERROR, ErrorCode.TIMEOUT, ErrorCode.NETWORK);

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.argumentSet("400 bad request", 400, ErrorCode.INVALID_INPUT),
        Arguments.argumentSet("401 unauthorized", 401, ErrorCode.AUTHENTICATION),
        Arguments.argumentSet("403 forbidden", 403, ErrorCode.PERMISSION_DENIED),
        Arguments.argumentSet("404 not found", 404, ErrorCode.NOT_FOUND),
        Arguments.argumentSet("408 request timeout", 408, ErrorCode.TIMEOUT),
        Arguments.argumentSet("413 payload too large", 413, ErrorCode.REQUEST_TOO_LARGE),
        Arguments.argumentSet("422 unprocessable", 422, ErrorCode.INVALID_INPUT),
        Arguments.argumentSet("429 too many requests", 429, ErrorCode.RATE_LIMIT),
        Arguments.argumentSet("500 internal error", 500, ErrorCode.SERVER_ERROR),
        Arguments.argumentSet("502 bad gateway", 502, ErrorCode.SERVER_ERROR),
        Arguments.argumentSet("503 unavailable", 503, ErrorCode.OVERLOADED),
        Arguments.argumentSet("504 gateway timeout", 504, ErrorCode.TIMEOUT),
        Arguments.argumentSet("529 Anthropic overloaded", 529, ErrorCode.OVERLOADED),
        Arguments.argumentSet("other 4xx: 409 conflict", 409, ErrorCode.INVALID_INPUT),
        Arguments.argumentSet("other 4xx: 418", 418, ErrorCode.INVALID_INPUT),
        Arguments.argumentSet("other 5xx: 501", 501, ErrorCode.SERVER_ERROR),
        Arguments.argumentSet("other 5xx: 520 Cloudflare", 520, ErrorCode.SERVER_ERROR),
        Arguments.argumentSet("other 5xx: 599", 599, ErrorCode.SERVER_ERROR));
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void fromHttpStatusMapsTheStatusToItsCode(int status, ErrorCode expected) {
    assertThat(ErrorCode.fromHttpStatus(status)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void retryableMatchesTheDesignTable(ErrorCode code) {
    assertThat(code.retryable()).isEqualTo(RETRYABLE.contains(code));
    assertThat(new LlmException(code, "x").retryable()).isEqualTo(RETRYABLE.contains(code));
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void errorTypeIsTheLowerCaseName(ErrorCode code) {
    assertThat(code.errorType()).isEqualTo(code.name().toLowerCase(java.util.Locale.ROOT)).doesNotContain(" ");
  }

  @Test
  void theCodeSetIsTheOneInTheDesign() {
    assertThat(ErrorCode.values()).extracting(ErrorCode::name).containsExactlyInAnyOrder(
        "INVALID_INPUT", "AUTHENTICATION", "PERMISSION_DENIED", "NOT_FOUND", "CONTEXT_LENGTH_EXCEEDED",
        "CONTENT_FILTERED", "REQUEST_TOO_LARGE", "RATE_LIMIT", "QUOTA_EXCEEDED", "OVERLOADED", "SERVER_ERROR",
        "TIMEOUT", "CANCELLED", "NETWORK", "INVALID_RESPONSE", "INVALID_CONFIG", "UNSUPPORTED");
  }
}
