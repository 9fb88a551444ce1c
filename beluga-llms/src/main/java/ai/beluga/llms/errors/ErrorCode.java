package ai.beluga.llms.errors;

import java.util.Locale;

/**
 * The one error taxonomy of Beluga LLMs: every failure of every provider is classified into exactly one of these
 * codes, each with a fixed answer to "is it worth trying again?".
 *
 * <p>The lowercase name ({@link #errorType()}) is the value of the OpenTelemetry {@code error.type} attribute.
 *
 * <pre>{@code
 * try {
 *   model.chat("Hello");
 * } catch (LlmException e) {
 *   if (e.code() == ErrorCode.CONTEXT_LENGTH_EXCEEDED) {
 *     // shorten the conversation and try again
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public enum ErrorCode {
  /** The request was rejected as malformed (HTTP 400, 422) or built wrongly by the caller. Not retryable. */
  INVALID_INPUT(false),
  /** The credentials were missing or wrong (HTTP 401). Not retryable. */
  AUTHENTICATION(false),
  /** The credentials are valid but may not do this (HTTP 403). Not retryable. */
  PERMISSION_DENIED(false),
  /** The model or endpoint does not exist (HTTP 404). Not retryable. */
  NOT_FOUND(false),
  /** The prompt and requested output exceed the model's context window. Not retryable as is. */
  CONTEXT_LENGTH_EXCEEDED(false),
  /** The provider refused the input or output under its content policy. Not retryable. */
  CONTENT_FILTERED(false),
  /** The request body is larger than the provider accepts (HTTP 413). Not retryable. */
  REQUEST_TOO_LARGE(false),
  /** Too many requests or tokens for now (HTTP 429, throttling). Retryable, after {@code retryAfter()}. */
  RATE_LIMIT(true),
  /** The account's quota or credit is exhausted (OpenAI {@code insufficient_quota}). Not retryable. */
  QUOTA_EXCEEDED(false),
  /** The provider is temporarily overloaded (HTTP 503, 529, an overloaded event after 200). Retryable. */
  OVERLOADED(true),
  /** The provider failed (HTTP 500, 502). Retryable. */
  SERVER_ERROR(true),
  /** A connect or read timeout, the call's deadline, HTTP 408 or 504. Retryable. */
  TIMEOUT(true),
  /** The caller interrupted the thread, cancelled the future or closed the stream. Not retryable. */
  CANCELLED(false),
  /** The connection failed: refused, reset, DNS, TLS, or cut in the middle of a response. Retryable. */
  NETWORK(true),
  /** The provider's answer cannot be parsed, or structured output does not match its schema. Not retryable. */
  INVALID_RESPONSE(false),
  /** A config or option failed validation; the message lists every violation. Not retryable. */
  INVALID_CONFIG(false),
  /** The provider or model lacks a feature the request needs; the message names both. Not retryable. */
  UNSUPPORTED(false);

  private final boolean retryable;
  private final String errorType;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
    this.errorType = name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@return whether a call that failed with this code may succeed if sent again unchanged}
   *
   * @since 0.1.0
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * {@return the lowercase name, used as the OpenTelemetry {@code error.type}, for example {@code rate_limit}}
   *
   * @since 0.1.0
   */
  public String errorType() {
    return errorType;
  }

  /**
   * Maps an HTTP status to the code it signals when the provider says nothing more specific.
   *
   * @param status the HTTP status, 400 or above
   * @return the code; any other 4xx is {@link #INVALID_INPUT}, any other 5xx {@link #SERVER_ERROR}
   * @since 0.1.0
   */
  public static ErrorCode fromHttpStatus(int status) {
    switch (status) {
      case 400:
      case 422:
        return INVALID_INPUT;
      case 401:
        return AUTHENTICATION;
      case 403:
        return PERMISSION_DENIED;
      case 404:
        return NOT_FOUND;
      case 408:
      case 504:
        return TIMEOUT;
      case 413:
        return REQUEST_TOO_LARGE;
      case 429:
        return RATE_LIMIT;
      case 503:
      case 529:
        return OVERLOADED;
      default:
        return status >= 500 ? SERVER_ERROR : INVALID_INPUT;
    }
  }
}
