package ai.beluga.llms.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorClassifierTest {
  private static final HttpHeaders NO_HEADERS = RetryAfterTest.headers();

  /** A classifier shaped like a real provider's: codes, then types, then message fragments. */
  private static final ErrorClassifier CLASSIFIER = ErrorClassifier.builder("acme")
      .code("context_length_exceeded", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
      .code("insufficient_quota", ErrorCode.QUOTA_EXCEEDED)
      .code("content_policy_violation", ErrorCode.CONTENT_FILTERED)
      .type("overloaded_error", ErrorCode.OVERLOADED)
      .type("rate_limit_error", ErrorCode.RATE_LIMIT)
      .type("invalid_request_error", ErrorCode.INVALID_INPUT)
      .type("permission_error", ErrorCode.PERMISSION_DENIED)
      .typeAndMessage("invalid_request_error", "maximum context", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
      .messageContains("prompt is too long", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
      .messageContains("Safety Filter", ErrorCode.CONTENT_FILTERED)
      .clock(RetryAfterTest.CLOCK)
      .build();

  @AfterEach
  void clearInterruptFlag() {
    Thread.interrupted();
  }

  static Stream<Arguments> providerErrors() {
    return Stream.of(
        Arguments.argumentSet("code wins over type", error(400, "invalid_request_error", "context_length_exceeded",
            "too many tokens"), ErrorCode.CONTEXT_LENGTH_EXCEEDED),
        Arguments.argumentSet("code wins over status 429", error(429, null, "insufficient_quota",
            "You exceeded your current quota"), ErrorCode.QUOTA_EXCEEDED),
        Arguments.argumentSet("code for a content refusal", error(400, null, "content_policy_violation", null),
            ErrorCode.CONTENT_FILTERED),
        Arguments.argumentSet("unknown code falls through to type", error(400, "permission_error", "weird_code",
            null), ErrorCode.PERMISSION_DENIED),
        Arguments.argumentSet("type wins over message", error(400, "invalid_request_error", null,
            "prompt is too long but typed as invalid"), ErrorCode.INVALID_INPUT),
        Arguments.argumentSet("a fragment scoped to the type wins over the type", error(400, "invalid_request_error",
            null, "This exceeds the Maximum Context of the model"), ErrorCode.CONTEXT_LENGTH_EXCEEDED),
        Arguments.argumentSet("a fragment scoped to another type is ignored", error(400, "permission_error", null,
            "maximum context reached"), ErrorCode.PERMISSION_DENIED),
        Arguments.argumentSet("a scoped type inside a 200 stream", error(200, "invalid_request_error", null,
            "bad tool schema"), ErrorCode.INVALID_INPUT),
        Arguments.argumentSet("type wins over status", error(500, "overloaded_error", null, null),
            ErrorCode.OVERLOADED),
        Arguments.argumentSet("message fragment, any case, wins over status", error(400, "unknown_type", null,
            "Prompt Is Too Long: 210000 tokens > 200000 maximum"), ErrorCode.CONTEXT_LENGTH_EXCEEDED),
        Arguments.argumentSet("message fragment for a safety refusal", error(400, null, null,
            "Blocked by the safety filter"), ErrorCode.CONTENT_FILTERED),
        Arguments.argumentSet("status when nothing else matches", error(503, "mystery", "mystery", "busy"),
            ErrorCode.OVERLOADED),
        Arguments.argumentSet("status alone", error(401, null, null, null), ErrorCode.AUTHENTICATION),
        Arguments.argumentSet("an overloaded event inside a 200 stream", error(200, "overloaded_error", null,
            "Overloaded"), ErrorCode.OVERLOADED),
        Arguments.argumentSet("a rate limit event inside a 200 stream", error(200, "rate_limit_error", null, null),
            ErrorCode.RATE_LIMIT),
        Arguments.argumentSet("an unknown error type inside a 200 stream", error(200, "api_error", null,
            "Internal server error"), ErrorCode.SERVER_ERROR),
        Arguments.argumentSet("a bare error inside a 200 stream", error(200, null, null, null),
            ErrorCode.SERVER_ERROR));
  }

  @ParameterizedTest
  @MethodSource("providerErrors")
  void classifyFollowsCodeThenTypeThenMessageThenStatus(ProviderError error, ErrorCode expected) {
    LlmException exception = CLASSIFIER.classify(error).model("m").build();

    assertThat(exception.code()).isEqualTo(expected);
    assertThat(exception.provider()).contains("acme");
    assertThat(exception.httpStatus()).hasValue(error.httpStatus());
    assertThat(exception.providerCode()).isEqualTo(error.code().or(error::type));
  }

  @Test
  void classifyKeepsRequestIdRetryAfterAndTheProvidersMessage() {
    HttpHeaders headers = RetryAfterTest.headers("x-request-id", "req_123", "retry-after", "7");
    ProviderError error = new ProviderError(429, headers, Optional.of("rate_limit_error"), Optional.empty(),
        Optional.of("Number of requests per minute exceeded"));

    LlmException exception = CLASSIFIER.classify(error).model("big-1").build();

    assertThat(exception.code()).isEqualTo(ErrorCode.RATE_LIMIT);
    assertThat(exception.requestId()).contains("req_123");
    assertThat(exception.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(exception.getMessage()).contains("acme/big-1", "Number of requests per minute exceeded",
        "HTTP 429", "rate_limit_error", "req_123", "7000 ms");
  }

  static Stream<Arguments> requestIdHeaders() {
    return Stream.of(
        Arguments.argumentSet("x-request-id", "x-request-id"),
        Arguments.argumentSet("X-Request-Id in another case", "X-Request-Id"),
        Arguments.argumentSet("request-id (Anthropic)", "request-id"),
        Arguments.argumentSet("x-amzn-requestid (Bedrock)", "x-amzn-requestid"));
  }

  @ParameterizedTest
  @MethodSource("requestIdHeaders")
  void classifyReadsTheRequestId(String header) {
    ProviderError error = ProviderError.of(500, RetryAfterTest.headers(header, "abc-9"));

    assertThat(CLASSIFIER.classify(error).build().requestId()).contains("abc-9");
  }

  @Test
  void classifyGivesAUsefulMessageWhenTheProviderSentNone() {
    LlmException outside = CLASSIFIER.classify(ProviderError.of(401, NO_HEADERS)).build();
    LlmException inside = CLASSIFIER.classify(ProviderError.of(200, NO_HEADERS)).build();

    assertThat(outside.getMessage()).contains("HTTP 401", "check the API key");
    assertThat(inside.getMessage()).contains("inside the stream");
  }

  @Test
  void classifyTruncatesAVeryLongProviderMessage() {
    String longMessage = "x".repeat(5_000);
    ProviderError error = new ProviderError(400, NO_HEADERS, Optional.empty(), Optional.empty(),
        Optional.of(longMessage));

    assertThat(CLASSIFIER.classify(error).build().getMessage()).hasSizeLessThan(700).contains("...");
  }

  static Stream<Arguments> throwables() {
    return Stream.of(
        Arguments.argumentSet("HttpConnectTimeoutException", new HttpConnectTimeoutException("connect timed out"),
            ErrorCode.TIMEOUT),
        Arguments.argumentSet("HttpTimeoutException", new HttpTimeoutException("request timed out"),
            ErrorCode.TIMEOUT),
        Arguments.argumentSet("SocketTimeoutException", new SocketTimeoutException("read timed out"),
            ErrorCode.TIMEOUT),
        Arguments.argumentSet("TimeoutException", new TimeoutException(), ErrorCode.TIMEOUT),
        Arguments.argumentSet("ConnectException", new ConnectException("Connection refused"), ErrorCode.NETWORK),
        Arguments.argumentSet("UnknownHostException", new UnknownHostException("api.nowhere.invalid"),
            ErrorCode.NETWORK),
        Arguments.argumentSet("SSLException", new SSLException("bad record"), ErrorCode.NETWORK),
        Arguments.argumentSet("SSLHandshakeException", new SSLHandshakeException("no cipher"), ErrorCode.NETWORK),
        Arguments.argumentSet("IOException", new IOException("Connection reset"), ErrorCode.NETWORK),
        Arguments.argumentSet("CancellationException", new CancellationException(), ErrorCode.CANCELLED),
        Arguments.argumentSet("CompletionException around ConnectException",
            new CompletionException(new ConnectException("refused")), ErrorCode.NETWORK),
        Arguments.argumentSet("ExecutionException around HttpTimeoutException",
            new ExecutionException(new HttpTimeoutException("slow")), ErrorCode.TIMEOUT),
        Arguments.argumentSet("nested CompletionExceptions",
            new CompletionException(new CompletionException(new UnknownHostException("x"))), ErrorCode.NETWORK));
  }

  @ParameterizedTest
  @MethodSource("throwables")
  void fromThrowableClassifiesJdkFailures(Throwable failure, ErrorCode expected) {
    LlmException exception = ErrorClassifier.fromThrowable(failure, "acme", "m");

    assertThat(exception.code()).isEqualTo(expected);
    assertThat(exception.provider()).contains("acme");
    assertThat(exception.model()).contains("m");
    assertThat(exception.getCause()).isNotNull().isNotInstanceOfAny(CompletionException.class,
        ExecutionException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void fromThrowableTurnsInterruptedExceptionIntoCancelledAndRestoresTheFlag() {
    InterruptedException interrupted = new InterruptedException();

    LlmException exception = ErrorClassifier.fromThrowable(interrupted, "acme", "m");

    assertThat(Thread.interrupted()).as("the interrupt flag is set again").isTrue();
    assertThat(exception.code()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(exception.retryable()).isFalse();
    assertThat(exception.getCause()).isSameAs(interrupted);
  }

  @Test
  void fromThrowableTreatsInterruptedIoAsCancelled() {
    LlmException exception = ErrorClassifier.fromThrowable(new InterruptedIOException(), null, null);

    assertThat(Thread.interrupted()).isTrue();
    assertThat(exception.code()).isEqualTo(ErrorCode.CANCELLED);
  }

  @Test
  void fromThrowablePassesAnLlmExceptionOnAsIsEvenWhenWrapped() {
    LlmException original = LlmException.builder(ErrorCode.CONTENT_FILTERED, "refused").provider("other").build();

    assertThat(ErrorClassifier.fromThrowable(original, "acme", "m")).isSameAs(original);
    assertThat(ErrorClassifier.fromThrowable(new CompletionException(original), "acme", "m")).isSameAs(original);
  }

  private static ProviderError error(int status, String type, String code, String message) {
    return new ProviderError(status, NO_HEADERS, Optional.ofNullable(type), Optional.ofNullable(code),
        Optional.ofNullable(message));
  }
}
