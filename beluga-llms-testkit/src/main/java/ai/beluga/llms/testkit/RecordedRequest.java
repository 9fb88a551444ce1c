package ai.beluga.llms.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request as a {@link StubServer} received it: method, path, query, headers and body, numbered in order of
 * arrival.
 *
 * <p>The path and query are raw, as sent on the wire: percent-escapes are not decoded. Header names are matched
 * without regard to case.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * RecordedRequest request = server.takeRequest();
 * assertThat(request.method()).isEqualTo("POST");
 * assertThat(request.path()).isEqualTo("/v1/chat/completions");
 * assertThat(request.header("authorization")).contains("Bearer test-key");
 * assertThat(request.bodyAsString()).contains("\"stream\":true");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RecordedRequest {

  private final int sequenceNumber;
  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  RecordedRequest(int sequenceNumber, String method, String path, String query, Map<String, List<String>> headers,
      byte[] body) {
    this.sequenceNumber = sequenceNumber;
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.query = query;
    this.headers = copyHeaders(headers);
    this.body = body.clone();
  }

  /**
   * {@return the position of this request among all requests the server received, starting at 0}
   *
   * @since 0.1.0
   */
  public int sequenceNumber() {
    return sequenceNumber;
  }

  /**
   * {@return the request method, such as {@code "POST"}}
   *
   * @since 0.1.0
   */
  public String method() {
    return method;
  }

  /**
   * {@return the raw path without the query, such as {@code "/v1/chat/completions"}}
   *
   * @since 0.1.0
   */
  public String path() {
    return path;
  }

  /**
   * {@return the raw query without the leading {@code ?}, or empty if the request had none}
   *
   * @since 0.1.0
   */
  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /**
   * {@return the raw path followed by {@code ?} and the query when there is one, such as {@code "/v1/models?limit=2"}}
   *
   * @since 0.1.0
   */
  public String target() {
    return query == null ? path : path + "?" + query;
  }

  /**
   * Returns the first value of a request header.
   *
   * @param name the header name, in any case
   * @return the first value, or empty if the request did not have the header
   * @since 0.1.0
   */
  public Optional<String> header(String name) {
    Objects.requireNonNull(name, "name");
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Returns all request headers. The map is unmodifiable and its keys are matched without regard to case, so {@code
   * headers().get("content-type")} finds {@code Content-Type}.
   *
   * @return the headers, each name with its values in the order received
   * @since 0.1.0
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * {@return a copy of the request body; empty if there was none}
   *
   * @since 0.1.0
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * {@return the request body decoded as UTF-8; malformed bytes become U+FFFD}
   *
   * @since 0.1.0
   */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * {@return a short description: sequence number, method, target and body size, but not the body itself}
   */
  @Override
  public String toString() {
    return "RecordedRequest[#" + sequenceNumber + " " + method + " " + target() + ", " + body.length + " bytes]";
  }

  private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values));
    copy.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(copy);
  }
}
