package ai.beluga.llms.spi;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as a provider's translation builds it: method, full URI, headers (authentication included) and body.
 * The engine adds nothing but transport concerns (timeouts, {@code Accept} for streams when absent).
 *
 * <p>Immutable; the body array is owned by the request once passed in and must not be changed afterwards.
 *
 * @param method the HTTP method, such as {@code POST}
 * @param uri the full URI
 * @param headers the headers; values holding credentials are never logged by the engine
 * @param body the body bytes; empty for none
 * @since 0.1.0
 */
public record WireRequest(String method, URI uri, Map<String, String> headers, byte[] body) {

  /**
   * Checks the parts are present and copies the headers.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param uri the full URI
   * @param headers the headers; values holding credentials are never logged by the engine
   * @param body the body bytes; empty for none
   */
  public WireRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /**
   * Creates a {@code GET} request, as for a health probe.
   *
   * @param uri the URI
   * @param headers the headers
   * @return the request
   * @since 0.1.0
   */
  public static WireRequest get(URI uri, Map<String, String> headers) {
    return new WireRequest("GET", uri, headers, new byte[0]);
  }

  /**
   * Creates a {@code POST} request with a JSON body.
   *
   * @param uri the URI
   * @param headers the headers; {@code Content-Type: application/json} is added when absent
   * @param json the JSON body bytes
   * @return the request
   * @since 0.1.0
   */
  public static WireRequest postJson(URI uri, Map<String, String> headers, byte[] json) {
    if (headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
      java.util.Map<String, String> withType = new java.util.LinkedHashMap<>(headers);
      withType.put("Content-Type", "application/json");
      headers = withType;
    }
    return new WireRequest("POST", uri, headers, json);
  }

  /** {@return the method and URI only: headers may hold credentials and the body user content} */
  @Override
  public String toString() {
    return "WireRequest[" + method + " " + uri + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WireRequest && method.equals(((WireRequest) other).method)
        && uri.equals(((WireRequest) other).uri) && headers.equals(((WireRequest) other).headers)
        && java.util.Arrays.equals(body, ((WireRequest) other).body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, uri, headers, java.util.Arrays.hashCode(body));
  }
}
