package ai.beluga.llms.errors;

import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider said about a failed call, as its translation read it from the HTTP response or from an error event
 * inside a stream: the input of {@link ErrorClassifier#classify(ProviderError)}.
 *
 * @param httpStatus the HTTP status, or 200 for an error sent inside a successful stream
 * @param headers the response headers
 * @param type the provider's error type, such as Anthropic's {@code overloaded_error}
 * @param code the provider's error code, such as OpenAI's {@code insufficient_quota}
 * @param message the provider's human-readable message
 * @since 0.1.0
 */
public record ProviderError(
    int httpStatus, HttpHeaders headers, Optional<String> type, Optional<String> code, Optional<String> message) {

  /**
   * Checks the parts are present.
   *
   * @param httpStatus the HTTP status, or 200 for an error sent inside a successful stream
   * @param headers the response headers
   * @param type the provider's error type, such as Anthropic's {@code overloaded_error}
   * @param code the provider's error code, such as OpenAI's {@code insufficient_quota}
   * @param message the provider's human-readable message
   */
  public ProviderError {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Creates a provider error from an HTTP status and headers alone, for a body that could not be read.
   *
   * @param httpStatus the status
   * @param headers the headers
   * @return the error
   * @since 0.1.0
   */
  public static ProviderError of(int httpStatus, HttpHeaders headers) {
    return new ProviderError(httpStatus, headers, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
