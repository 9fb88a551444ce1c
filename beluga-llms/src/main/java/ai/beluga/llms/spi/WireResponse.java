package ai.beluga.llms.spi;

import java.net.http.HttpHeaders;
import java.util.Objects;

/**
 * An HTTP response handed to a provider's translation: status, headers and, for a non-streamed answer or an error, the
 * body bytes (empty for the head of a stream).
 *
 * @param status the HTTP status
 * @param headers the headers
 * @param body the body bytes, owned by this value; do not change them
 * @since 0.1.0
 */
public record WireResponse(int status, HttpHeaders headers, byte[] body) {

  /**
   * Checks the parts are present.
   *
   * @param status the HTTP status
   * @param headers the headers
   * @param body the body bytes, owned by this value; do not change them
   */
  public WireResponse {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /**
   * {@return whether the status is 2xx}
   *
   * @since 0.1.0
   */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** {@return the status and body length only: the body may hold user content} */
  @Override
  public String toString() {
    return "WireResponse[" + status + ", " + body.length + " bytes]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WireResponse && status == ((WireResponse) other).status
        && headers.equals(((WireResponse) other).headers)
        && java.util.Arrays.equals(body, ((WireResponse) other).body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
  }
}
