package ai.beluga.llms.errors;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The shared rules that turn a provider's error response into an {@link LlmException}; each provider extends them with
 * its own error types, codes and (only where it offers nothing better) message fragments.
 *
 * <p>The order of precedence is fixed: the provider's error code, then a message fragment scoped to the error's type
 * ({@link Builder#typeAndMessage}), then the error type, then a message fragment of any type, then the HTTP status
 * ({@link ErrorCode#fromHttpStatus(int)}). A scoped fragment lets a provider map a broad type (Anthropic's
 * {@code invalid_request_error}) and still single out the one case its message names ("prompt is too long"). {@code retryAfter()} is read from the headers by
 * {@link RetryAfter}.
 *
 * <pre>{@code
 * ErrorClassifier openAi = ErrorClassifier.builder("openai")
 *     .code("insufficient_quota", ErrorCode.QUOTA_EXCEEDED)
 *     .code("context_length_exceeded", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
 *     .build();
 * LlmException e = openAi.classify(error).model("gpt-4o").build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ErrorClassifier {
  private final String provider;
  private final Map<String, ErrorCode> codes;
  private final Map<String, ErrorCode> types;
  private final List<Map.Entry<String, ErrorCode>> messageFragments;
  private final Map<String, List<Map.Entry<String, ErrorCode>>> scopedFragments;
  private final Clock clock;

  private ErrorClassifier(Builder builder) {
    this.provider = builder.provider;
    this.codes = Map.copyOf(builder.codes);
    this.types = Map.copyOf(builder.types);
    this.messageFragments = List.copyOf(builder.messageFragments);
    Map<String, List<Map.Entry<String, ErrorCode>>> scoped = new HashMap<>();
    builder.scopedFragments.forEach((type, fragments) -> scoped.put(type, List.copyOf(fragments)));
    this.scopedFragments = Map.copyOf(scoped);
    this.clock = builder.clock;
  }

  /**
   * Starts a classifier for a provider.
   *
   * @param provider the provider's name, put on every exception
   * @return the builder
   * @since 0.1.0
   */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  /**
   * Classifies a provider's error and fills in what it said.
   *
   * @param error what the provider said
   * @return a builder for the exception, with code, provider, status, provider code, request id and retry-after set;
   *     the caller adds the model and builds it
   * @since 0.1.0
   */
  public LlmException.Builder classify(ProviderError error) {
    Objects.requireNonNull(error, "error");
    ErrorCode code = codeOf(error);
    String providerCode = error.code().or(error::type).orElse(null);
    String message = error.message().filter(m -> !m.isBlank())
        .orElse(error.httpStatus() == 200 ? "the provider reported an error inside the stream"
            : "the provider answered HTTP " + error.httpStatus());
    return LlmException.builder(code, truncate(message) + hint(code))
        .provider(provider)
        .httpStatus(error.httpStatus())
        .providerCode(providerCode)
        .requestId(requestId(error).orElse(null))
        .retryAfter(RetryAfter.fromHeaders(error.headers(), clock).orElse(null));
  }

  /**
   * Classifies a failure of the transport itself: timeouts, refused or reset connections, interruption, cancellation.
   * An interruption is reported as {@link ErrorCode#CANCELLED}, and the thread's interrupt flag is set again so that the
   * caller still sees it.
   *
   * @param failure what the HTTP client or the waiting thread threw
   * @param provider the provider's name, or null
   * @param model the model, or null
   * @return the exception; an {@link LlmException} is returned as it is
   * @since 0.1.0
   */
  public static LlmException fromThrowable(Throwable failure, String provider, String model) {
    Throwable cause = unwrap(failure);
    if (cause instanceof LlmException) {
      return (LlmException) cause;
    }
    ErrorCode code;
    String message;
    if (cause instanceof InterruptedException || cause instanceof InterruptedIOException
        && !(cause instanceof java.net.SocketTimeoutException)) {
      Thread.currentThread().interrupt();
      code = ErrorCode.CANCELLED;
      message = "the calling thread was interrupted; the request was aborted";
    } else if (cause instanceof CancellationException) {
      code = ErrorCode.CANCELLED;
      message = "the call was cancelled; the request was aborted";
    } else if (cause instanceof HttpConnectTimeoutException) {
      code = ErrorCode.TIMEOUT;
      message = "connecting to the provider timed out; check the base URL and network, or raise connectTimeout";
    } else if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException
        || cause instanceof java.net.SocketTimeoutException) {
      code = ErrorCode.TIMEOUT;
      message = "the provider did not answer in time; raise the timeout or try again";
    } else if (cause instanceof ConnectException) {
      code = ErrorCode.NETWORK;
      message = "could not connect to the provider; check the base URL and that the server is up";
    } else if (cause instanceof UnknownHostException) {
      code = ErrorCode.NETWORK;
      message = "the provider's host name could not be resolved; check the base URL";
    } else if (cause instanceof SSLException) {
      code = ErrorCode.NETWORK;
      message = "the TLS handshake with the provider failed";
    } else if (cause instanceof IOException || cause instanceof ClosedChannelException) {
      code = ErrorCode.NETWORK;
      message = "the connection to the provider failed: " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : " " + truncate(cause.getMessage()));
    } else {
      code = ErrorCode.INVALID_RESPONSE;
      message = "unexpected failure while calling the provider: " + cause.getClass().getName();
    }
    return LlmException.builder(code, message).provider(provider).model(model).cause(cause).build();
  }

  private ErrorCode codeOf(ProviderError error) {
    if (error.code().isPresent()) {
      ErrorCode byCode = codes.get(error.code().get());
      if (byCode != null) {
        return byCode;
      }
    }
    if (error.type().isPresent() && error.message().isPresent()) {
      ErrorCode byScopedFragment = fragmentCode(scopedFragments.getOrDefault(error.type().get(), List.of()),
          error.message().get());
      if (byScopedFragment != null) {
        return byScopedFragment;
      }
    }
    if (error.type().isPresent()) {
      ErrorCode byType = types.get(error.type().get());
      if (byType != null) {
        return byType;
      }
    }
    if (error.message().isPresent()) {
      ErrorCode byFragment = fragmentCode(messageFragments, error.message().get());
      if (byFragment != null) {
        return byFragment;
      }
    }
    if (error.httpStatus() == 200) {
      // An error event inside a 200 stream that names nothing we know: the provider failed mid-answer.
      return ErrorCode.SERVER_ERROR;
    }
    return ErrorCode.fromHttpStatus(error.httpStatus());
  }

  private static ErrorCode fragmentCode(List<Map.Entry<String, ErrorCode>> fragments, String message) {
    if (fragments.isEmpty()) {
      return null;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, ErrorCode> fragment : fragments) {
      if (lower.contains(fragment.getKey())) {
        return fragment.getValue();
      }
    }
    return null;
  }

  private static Optional<String> requestId(ProviderError error) {
    return error.headers().firstValue("x-request-id")
        .or(() -> error.headers().firstValue("request-id"))
        .or(() -> error.headers().firstValue("x-amzn-requestid"));
  }

  private static String hint(ErrorCode code) {
    switch (code) {
      case AUTHENTICATION:
        return "; check the API key";
      case NOT_FOUND:
        return "; check the model name and base URL";
      case CONTEXT_LENGTH_EXCEEDED:
        return "; shorten the conversation or lower maxOutputTokens";
      default:
        return "";
    }
  }

  private static String truncate(String message) {
    return message.length() <= 500 ? message : message.substring(0, 500) + "...";
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException
        || current instanceof java.io.UncheckedIOException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /**
   * Builds an {@link ErrorClassifier}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String provider;
    private final Map<String, ErrorCode> codes = new HashMap<>();
    private final Map<String, ErrorCode> types = new HashMap<>();
    private final List<Map.Entry<String, ErrorCode>> messageFragments = new ArrayList<>();
    private final Map<String, List<Map.Entry<String, ErrorCode>>> scopedFragments = new HashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder(String provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Maps a provider error code to a code.
     *
     * @param providerCode the provider's code, matched exactly
     * @param code our code
     * @return this builder
     * @since 0.1.0
     */
    public Builder code(String providerCode, ErrorCode code) {
      codes.put(Objects.requireNonNull(providerCode, "providerCode"), Objects.requireNonNull(code, "code"));
      return this;
    }

    /**
     * Maps a provider error type to a code.
     *
     * @param providerType the provider's type, matched exactly
     * @param code our code
     * @return this builder
     * @since 0.1.0
     */
    public Builder type(String providerType, ErrorCode code) {
      types.put(Objects.requireNonNull(providerType, "providerType"), Objects.requireNonNull(code, "code"));
      return this;
    }

    /**
     * Maps a fragment of the provider's message to a code, for providers that offer no code for this case. Checked in
     * the order added, ignoring case.
     *
     * @param fragment text the message contains
     * @param code our code
     * @return this builder
     * @since 0.1.0
     */
    public Builder messageContains(String fragment, ErrorCode code) {
      messageFragments.add(Map.entry(fragment.toLowerCase(Locale.ROOT), Objects.requireNonNull(code, "code")));
      return this;
    }

    /**
     * Maps a fragment of the message of one error type to a code; checked before the type's own mapping, in the
     * order added, ignoring case.
     *
     * @param providerType the provider's type, matched exactly
     * @param fragment text the message contains
     * @param code our code
     * @return this builder
     * @since 0.1.0
     */
    public Builder typeAndMessage(String providerType, String fragment, ErrorCode code) {
      scopedFragments.computeIfAbsent(Objects.requireNonNull(providerType, "providerType"), t -> new ArrayList<>())
          .add(Map.entry(fragment.toLowerCase(Locale.ROOT), Objects.requireNonNull(code, "code")));
      return this;
    }

    /**
     * Sets the clock an HTTP-date {@code Retry-After} is measured against.
     *
     * @param clock the clock
     * @return this builder
     * @since 0.1.0
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * {@return the classifier}
     *
     * @since 0.1.0
     */
    public ErrorClassifier build() {
      return new ErrorClassifier(this);
    }
  }
}
