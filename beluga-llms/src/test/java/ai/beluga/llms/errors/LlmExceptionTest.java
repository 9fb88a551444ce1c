package ai.beluga.llms.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LlmExceptionTest {
  private static final String KEY = "sk-test-SECRET-123";

  @Test
  void messageNamesProviderModelStatusProviderCodeRequestIdAndRetryAfter() {
    LlmException e = LlmException.builder(ErrorCode.RATE_LIMIT, "slow down").provider("openai").model("gpt-x")
        .httpStatus(429).providerCode("rate_limit_exceeded").requestId("req_1").retryAfter(Duration.ofSeconds(2))
        .build();

    assertThat(e.getMessage()).isEqualTo("RATE_LIMIT: openai/gpt-x: slow down (HTTP 429, provider code "
        + "rate_limit_exceeded, request id req_1, retry after 2000 ms)");
  }

  @Test
  void messageLeavesOutWhatIsUnknown() {
    LlmException e = new LlmException(ErrorCode.UNSUPPORTED, "images are not supported");

    assertThat(e.getMessage()).isEqualTo("UNSUPPORTED: images are not supported");
    assertThat(e.provider()).isEmpty();
    assertThat(e.model()).isEmpty();
    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.providerCode()).isEmpty();
    assertThat(e.requestId()).isEmpty();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.detail()).isEqualTo("images are not supported");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void toBuilderKeepsEveryFactAndTheCause() {
    IllegalStateException cause = new IllegalStateException("root");
    LlmException original = LlmException.builder(ErrorCode.OVERLOADED, "busy").provider("anthropic")
        .httpStatus(529).providerCode("overloaded_error").requestId("r").retryAfter(Duration.ofMillis(10))
        .cause(cause).build();

    LlmException copy = original.toBuilder().model("claude").build();

    assertThat(copy.code()).isEqualTo(ErrorCode.OVERLOADED);
    assertThat(copy.model()).contains("claude");
    assertThat(copy.provider()).contains("anthropic");
    assertThat(copy.httpStatus()).hasValue(529);
    assertThat(copy.providerCode()).contains("overloaded_error");
    assertThat(copy.requestId()).contains("r");
    assertThat(copy.retryAfter()).contains(Duration.ofMillis(10));
    assertThat(copy.getCause()).isSameAs(cause);
    assertThat(copy.detail()).isEqualTo("busy");
    assertThat(copy.getMessage()).startsWith("OVERLOADED: anthropic/claude: busy");
  }

  @Test
  void anExceptionFromAFailedAuthenticationDoesNotShowTheKey() {
    ProviderError error = new ProviderError(401, RetryAfterTest.headers("x-request-id", "req_9"),
        java.util.Optional.of("invalid_request_error"), java.util.Optional.of("invalid_api_key"),
        java.util.Optional.of("Incorrect API key provided"));

    LlmException e = ErrorClassifier.builder("openai").build().classify(error).model("gpt-x").build();

    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
    assertThat(e.getMessage()).contains("openai/gpt-x", "HTTP 401", "invalid_api_key", "check the API key")
        .doesNotContain(KEY);
    assertThat(e.toString()).doesNotContain(KEY);
  }
}
