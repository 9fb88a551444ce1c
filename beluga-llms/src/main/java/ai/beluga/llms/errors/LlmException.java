package ai.beluga.llms.errors;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one exception of Beluga LLMs: every failure, whatever the provider, arrives as an {@code LlmException} with an
 * {@link ErrorCode} and what is known about where it came from.
 *
 * <p>The message names what went wrong and, where it can, how to fix it, with the provider, model, HTTP status,
 * provider error code and request id. It never contains the request body, the conversation or a credential.
 *
 * <pre>{@code
 * try {
 *   model.chat(request);
 * } catch (LlmException e) {
 *   if (e.retryable()) {
 *     Duration wait = e.retryAfter().orElse(Duration.ofSeconds(1));
 *   }
 *   log.warn("{} failed: {} (request {})", e.provider().orElse("?"), e.code(), e.requestId().orElse("-"));
 * }
 * }</pre>
 *
 * <p>Instances are immutable once thrown (apart from the suppressed exceptions the JDK lets anyone add).
 *
 * @since 0.1.0
 */
public class LlmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The classification. */
  private final ErrorCode code;
  /** The provider's name, or null. */
  private final String provider;
  /** The model, or null. */
  private final String model;
  /** The HTTP status, or zero for none. */
  private final int httpStatus;
  /** The provider's own error type or code, or null. */
  private final String providerCode;
  /** The provider's request id, or null. */
  private final String requestId;
  /** The wait the provider asked for, or null. */
  private final Duration retryAfter;
  /** The message without the code and origin prefix. */
  private final String detail;
  /** How many attempts the call made, at least 1. */
  private final int attempts;

  /**
   * Creates an exception with only a code and a message; use {@link #builder(ErrorCode, String)} for the rest.
   *
   * @param code the classification
   * @param message what went wrong and how to fix it
   * @since 0.1.0
   */
  public LlmException(ErrorCode code, String message) {
    this(builder(code, message));
  }

  /**
   * Creates an exception from a builder; for subclasses.
   *
   * @param builder the filled builder
   * @since 0.1.0
   */
  protected LlmException(Builder builder) {
    super(describe(builder), builder.cause);
    this.code = builder.code;
    this.provider = builder.provider;
    this.model = builder.model;
    this.httpStatus = builder.httpStatus;
    this.providerCode = builder.providerCode;
    this.requestId = builder.requestId;
    this.retryAfter = builder.retryAfter;
    this.detail = builder.message;
    this.attempts = builder.attempts;
  }

  /**
   * Starts a builder.
   *
   * @param code the classification
   * @param message what went wrong and how to fix it; never include credentials or conversation content
   * @return the builder
   * @since 0.1.0
   */
  public static Builder builder(ErrorCode code, String message) {
    return new Builder(code, message);
  }

  /**
   * {@return a builder holding everything this exception holds, to derive a changed copy}
   *
   * @since 0.1.0
   */
  public Builder toBuilder() {
    Builder builder = new Builder(code, detail).cause(getCause());
    builder.provider = provider;
    builder.model = model;
    builder.httpStatus = httpStatus;
    builder.providerCode = providerCode;
    builder.requestId = requestId;
    builder.retryAfter = retryAfter;
    builder.attempts = attempts;
    return builder;
  }

  /**
   * {@return the classification}
   *
   * @since 0.1.0
   */
  public ErrorCode code() {
    return code;
  }

  /**
   * {@return whether sending the same request again may succeed; fixed per code}
   *
   * @since 0.1.0
   */
  public boolean retryable() {
    return code.retryable();
  }

  /**
   * {@return the provider's name, such as {@code openai}, when the failure came from one}
   *
   * @since 0.1.0
   */
  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }

  /**
   * {@return the model the call was for, when known}
   *
   * @since 0.1.0
   */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /**
   * {@return the HTTP status of the provider's answer, when there was one}
   *
   * @since 0.1.0
   */
  public OptionalInt httpStatus() {
    return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
  }

  /**
   * {@return the provider's own error type or code, such as {@code insufficient_quota} or {@code overloaded_error}}
   *
   * @since 0.1.0
   */
  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  /**
   * {@return the provider's request id (from headers such as {@code x-request-id}), to quote to its support}
   *
   * @since 0.1.0
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * {@return how long the provider asked callers to wait before trying again, when it said}
   *
   * @since 0.1.0
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * {@return the message without the code and origin prefix}
   *
   * @since 0.1.0
   */
  public String detail() {
    return detail;
  }

  /**
   * How many attempts the call made before it failed with this error: 1 unless a retry middleware tried again. The
   * errors of earlier attempts are this exception's {@linkplain #getSuppressed() suppressed} exceptions.
   *
   * @return the number of attempts, at least 1
   * @since 0.1.0
   */
  public int attempts() {
    return attempts;
  }

  private static String describe(Builder b) {
    StringBuilder text = new StringBuilder(b.code.name()).append(": ");
    if (b.provider != null) {
      text.append(b.provider);
      if (b.model != null) {
        text.append('/').append(b.model);
      }
      text.append(": ");
    }
    text.append(b.message);
    StringBuilder facts = new StringBuilder();
    if (b.httpStatus > 0) {
      facts.append("HTTP ").append(b.httpStatus);
    }
    if (b.providerCode != null) {
      facts.append(facts.length() > 0 ? ", " : "").append("provider code ").append(b.providerCode);
    }
    if (b.requestId != null) {
      facts.append(facts.length() > 0 ? ", " : "").append("request id ").append(b.requestId);
    }
    if (b.retryAfter != null) {
      facts.append(facts.length() > 0 ? ", " : "").append("retry after ").append(b.retryAfter.toMillis())
          .append(" ms");
    }
    if (facts.length() > 0) {
      text.append(" (").append(facts).append(')');
    }
    if (b.attempts > 1) {
      text.append("; failed after ").append(b.attempts).append(" attempts");
    }
    return text.toString();
  }

  /**
   * Builds an {@link LlmException}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ErrorCode code;
    private final String message;
    private String provider;
    private String model;
    private int httpStatus;
    private String providerCode;
    private String requestId;
    private Duration retryAfter;
    private Throwable cause;
    private int attempts = 1;

    private Builder(ErrorCode code, String message) {
      this.code = Objects.requireNonNull(code, "code");
      this.message = Objects.requireNonNull(message, "message");
    }

    /**
     * Sets the provider's name.
     *
     * @param provider the name, such as {@code anthropic}; null leaves it unknown
     * @return this builder
     * @since 0.1.0
     */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /**
     * Sets the model.
     *
     * @param model the model; null leaves it unknown
     * @return this builder
     * @since 0.1.0
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the HTTP status.
     *
     * @param status the status; zero or less means none
     * @return this builder
     * @since 0.1.0
     */
    public Builder httpStatus(int status) {
      this.httpStatus = status;
      return this;
    }

    /**
     * Sets the provider's own error type or code.
     *
     * @param providerCode the code; null means none
     * @return this builder
     * @since 0.1.0
     */
    public Builder providerCode(String providerCode) {
      this.providerCode = providerCode;
      return this;
    }

    /**
     * Sets the provider's request id.
     *
     * @param requestId the id; null means none
     * @return this builder
     * @since 0.1.0
     */
    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    /**
     * Sets how long to wait before trying again.
     *
     * @param retryAfter the wait; null means the provider did not say
     * @return this builder
     * @since 0.1.0
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Sets the underlying cause.
     *
     * @param cause the cause; null means none
     * @return this builder
     * @since 0.1.0
     */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /**
     * Sets how many attempts the call made; a retry middleware sets it on the error it finally throws.
     *
     * @param attempts the number of attempts, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code attempts} is less than 1
     * @since 0.1.0
     */
    public Builder attempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
      }
      this.attempts = attempts;
      return this;
    }

    /**
     * {@return the exception}
     *
     * @since 0.1.0
     */
    public LlmException build() {
      return new LlmException(this);
    }
  }
}
