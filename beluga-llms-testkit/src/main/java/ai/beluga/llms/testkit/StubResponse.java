package ai.beluga.llms.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted reply of a {@link StubServer}: status, headers, an optional delay before the headers, and a body that is
 * either sent whole or streamed piece by piece.
 *
 * <p>Start from a factory: {@link #json(int, String)}, {@link #text(int, String)} and {@link #status(int)} for a body
 * sent whole with a {@code Content-Length}; {@link #sse()} and {@link #ndjson()} for a stream. Each fluent method returns
 * a new response and leaves the receiver unchanged, so a response can be shared, routed and enqueued many times.
 *
 * <p>A response is <em>streamed</em> when it was made by {@link #sse()} or {@link #ndjson()}, or when {@link
 * #chunk(String, Duration)} was called on it: it is then sent with chunked transfer encoding and each piece (an event, a
 * line or a chunk) is flushed to the client as soon as it is written, after its own delay. The pieces are counted by
 * {@link #disconnectAfter(int)}; a body passed to {@link #json(int, String)} or {@link #text(int, String)} counts as the
 * first piece.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * StubResponse stream = StubResponse.sse()
 *     .header("x-request-id", "req_1")
 *     .data("{\"delta\":\"Hel\"}")
 *     .data("{\"delta\":\"lo\"}", Duration.ofMillis(100))
 *     .event("data: [DONE]\n\n");
 * StubResponse limited = StubResponse.json(429, "{\"error\":\"slow down\"}").header("Retry-After", "1");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StubResponse {

  private static final byte[] SSE_KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NDJSON_KEEP_ALIVE = "\n".getBytes(StandardCharsets.US_ASCII);

  private final Kind kind;
  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final Duration headersDelay;
  private final List<Piece> pieces;
  private final boolean streamed;
  private final int disconnectAfter;
  private final Duration holdOpen;

  private StubResponse(Kind kind, int status, List<Map.Entry<String, String>> headers, Duration headersDelay,
      List<Piece> pieces, boolean streamed, int disconnectAfter, Duration holdOpen) {
    this.kind = kind;
    this.status = status;
    this.headers = List.copyOf(headers);
    this.headersDelay = headersDelay;
    this.pieces = List.copyOf(pieces);
    this.streamed = streamed;
    this.disconnectAfter = disconnectAfter;
    this.holdOpen = holdOpen;
  }

  /**
   * Creates a response whose whole body is JSON text, with {@code Content-Type: application/json}.
   *
   * @param status the HTTP status code, 100 to 599
   * @param body the JSON text; it is not checked
   * @return the response
   * @throws IllegalArgumentException if the status is out of range
   * @since 0.1.0
   */
  public static StubResponse json(int status, String body) {
    Objects.requireNonNull(body, "body");
    return whole(status, "application/json", body);
  }

  /**
   * Creates a response whose whole body is plain text, with {@code Content-Type: text/plain; charset=utf-8}.
   *
   * @param status the HTTP status code, 100 to 599
   * @param body the text, sent as UTF-8
   * @return the response
   * @throws IllegalArgumentException if the status is out of range
   * @since 0.1.0
   */
  public static StubResponse text(int status, String body) {
    Objects.requireNonNull(body, "body");
    return whole(status, "text/plain; charset=utf-8", body);
  }

  /**
   * Creates a response with a status, no body and no {@code Content-Type}.
   *
   * @param status the HTTP status code, 100 to 599
   * @return the response
   * @throws IllegalArgumentException if the status is out of range
   * @since 0.1.0
   */
  public static StubResponse status(int status) {
    return new StubResponse(Kind.PLAIN, checkStatus(status), List.of(), Duration.ZERO, List.of(), false, -1, null);
  }

  /**
   * Creates an empty server-sent events stream with status 200 and {@code Content-Type: text/event-stream}. Add events
   * with {@link #event(String)} and {@link #data(String)}.
   *
   * @return the response
   * @see <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html">Server-sent events</a>
   * @since 0.1.0
   */
  public static StubResponse sse() {
    return new StubResponse(Kind.SSE, 200, List.of(Map.entry("Content-Type", "text/event-stream")), Duration.ZERO,
        List.of(), true, -1, null);
  }

  /**
   * Creates an empty newline-delimited JSON stream with status 200 and {@code Content-Type: application/x-ndjson}. Add
   * lines with {@link #line(String)}.
   *
   * @return the response
   * @since 0.1.0
   */
  public static StubResponse ndjson() {
    return new StubResponse(Kind.NDJSON, 200, List.of(Map.entry("Content-Type", "application/x-ndjson")),
        Duration.ZERO, List.of(), true, -1, null);
  }

  /**
   * Returns a copy with another status code.
   *
   * @param status the HTTP status code, 100 to 599
   * @return the new response
   * @throws IllegalArgumentException if the status is out of range
   * @since 0.1.0
   */
  public StubResponse withStatus(int status) {
    return new StubResponse(kind, checkStatus(status), headers, headersDelay, pieces, streamed, disconnectAfter,
        holdOpen);
  }

  /**
   * Returns a copy with one more response header, such as {@code Retry-After}, {@code retry-after-ms} or {@code
   * x-request-id}. A header of the same name added earlier is kept, so a name can have several values; the one
   * exception is {@code Content-Type}, which replaces the type set by the factory.
   *
   * @param name the header name
   * @param value the header value
   * @return the new response
   * @throws IllegalArgumentException if the name is blank or either part contains a line break
   * @since 0.1.0
   */
  public StubResponse header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isBlank() || containsLineBreak(name) || containsLineBreak(value)) {
      throw new IllegalArgumentException("Invalid response header: name must be non-blank, and neither name nor value"
          + " may contain a line break");
    }
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers);
    if (name.equalsIgnoreCase("Content-Type")) {
      copy.removeIf(header -> header.getKey().equalsIgnoreCase("Content-Type"));
    }
    copy.add(Map.entry(name, value));
    return new StubResponse(kind, status, copy, headersDelay, pieces, streamed, disconnectAfter, holdOpen);
  }

  /**
   * Returns a copy that waits before sending the status and headers, to make a client's request time out.
   *
   * @param delay how long to wait after the request was read; zero for no wait
   * @return the new response
   * @throws IllegalArgumentException if the delay is negative
   * @since 0.1.0
   */
  public StubResponse delay(Duration delay) {
    return new StubResponse(kind, status, headers, checkDelay(delay, "delay"), pieces, streamed, disconnectAfter,
        holdOpen);
  }

  /**
   * Returns a copy with one more server-sent event, sent exactly as given. The text must carry its own field names and
   * its blank-line terminator, for example {@code "event: ping\ndata: {}\n\n"}, which lets a test send malformed or
   * unusual framing on purpose.
   *
   * @param rawSseText the event text, sent as UTF-8
   * @return the new response
   * @throws IllegalStateException if this response was not made by {@link #sse()}
   * @since 0.1.0
   */
  public StubResponse event(String rawSseText) {
    return event(rawSseText, Duration.ZERO);
  }

  /**
   * Returns a copy with one more server-sent event, sent exactly as given after a delay.
   *
   * @param rawSseText the event text, sent as UTF-8
   * @param delayBefore how long to wait before sending it
   * @return the new response
   * @throws IllegalStateException if this response was not made by {@link #sse()}
   * @throws IllegalArgumentException if the delay is negative
   * @since 0.1.0
   */
  public StubResponse event(String rawSseText, Duration delayBefore) {
    Objects.requireNonNull(rawSseText, "rawSseText");
    requireKind(Kind.SSE, "event(...)", "sse()");
    return withPiece(rawSseText.getBytes(StandardCharsets.UTF_8), delayBefore);
  }

  /**
   * Returns a copy with one more {@code data:} event: shorthand for {@code event("data: " + json + "\n\n")}.
   *
   * @param json the event data, usually one line of JSON
   * @return the new response
   * @throws IllegalStateException if this response was not made by {@link #sse()}
   * @since 0.1.0
   */
  public StubResponse data(String json) {
    return data(json, Duration.ZERO);
  }

  /**
   * Returns a copy with one more {@code data:} event, sent after a delay.
   *
   * @param json the event data, usually one line of JSON
   * @param delayBefore how long to wait before sending it
   * @return the new response
   * @throws IllegalStateException if this response was not made by {@link #sse()}
   * @throws IllegalArgumentException if the delay is negative
   * @since 0.1.0
   */
  public StubResponse data(String json, Duration delayBefore) {
    Objects.requireNonNull(json, "json");
    return event("data: " + json + "\n\n", delayBefore);
  }

  /**
   * Returns a copy with one more NDJSON line; the line feed is added.
   *
   * @param json one JSON value, without a line break
   * @return the new response
   * @throws IllegalStateException if this response was not made by {@link #ndjson()}
   * @since 0.1.0
   */
  public StubResponse line(String json) {
    return line(json, Duration.ZERO);
  }

  /**
   * Returns a copy with one more NDJSON line, sent after a delay; the line feed is added.
   *
   * @param json one JSON value, without a line break
   * @param delayBefore how long to wait before sending it
   * @return the new response
   * @throws IllegalStateException if this response was not made by {@link #ndjson()}
   * @throws IllegalArgumentException if the delay is negative
   * @since 0.1.0
   */
  public StubResponse line(String json, Duration delayBefore) {
    Objects.requireNonNull(json, "json");
    requireKind(Kind.NDJSON, "line(...)", "ndjson()");
    return withPiece((json + "\n").getBytes(StandardCharsets.UTF_8), delayBefore);
  }

  /**
   * Returns a streamed copy with one more chunk of raw bytes, for byte-level tests such as a UTF-8 sequence split
   * across two network reads. The bytes are flushed as they are; nothing is added.
   *
   * @param bytes the bytes to send; the array is copied
   * @param delayBefore how long to wait before sending them
   * @return the new response
   * @throws IllegalArgumentException if the delay is negative
   * @since 0.1.0
   */
  public StubResponse chunk(byte[] bytes, Duration delayBefore) {
    Objects.requireNonNull(bytes, "bytes");
    StubResponse copy = withPiece(bytes.clone(), delayBefore);
    return new StubResponse(kind, status, headers, headersDelay, copy.pieces, true, disconnectAfter, holdOpen);
  }

  /**
   * Returns a streamed copy with one more chunk of text, sent as UTF-8 exactly as given.
   *
   * @param text the text to send
   * @param delayBefore how long to wait before sending it
   * @return the new response
   * @throws IllegalArgumentException if the delay is negative
   * @since 0.1.0
   */
  public StubResponse chunk(String text, Duration delayBefore) {
    Objects.requireNonNull(text, "text");
    return chunk(text.getBytes(StandardCharsets.UTF_8), delayBefore);
  }

  /**
   * Returns a copy that abruptly closes the connection after sending the status, the headers and the first {@code
   * events} pieces of the body. A streamed response then lacks its terminating zero-length chunk, and a whole body is
   * shorter than its {@code Content-Length}, so the client sees a truncated body. If the response has fewer pieces,
   * the connection is closed after the last one. {@link #holdOpen(Duration)} does not apply to such a response.
   *
   * <p>The server waits about 100 ms after the last piece before it closes the connection. Without the pause, the JDK
   * {@code HttpClient} sometimes drops the last piece: it can discard bytes it has received but not yet passed to its
   * body subscriber when the connection closes. A client that is still reading sees every piece; the JDK client then
   * reports {@code IOException} from its body (the message is "closed" from {@code ofInputStream()}, and names the
   * chunked encoding state from {@code ofString()}).
   *
   * @param events how many events, lines or chunks to send before closing; zero closes right after the headers
   * @return the new response
   * @throws IllegalArgumentException if {@code events} is negative
   * @since 0.1.0
   */
  public StubResponse disconnectAfter(int events) {
    if (events < 0) {
      throw new IllegalArgumentException("events must not be negative, was " + events);
    }
    return new StubResponse(kind, status, headers, headersDelay, pieces, streamed, events, holdOpen);
  }

  /**
   * Returns a copy that abruptly closes the connection after the pieces scripted so far: {@code disconnectAfter(n)}
   * where {@code n} is their count. Pieces added afterwards are never sent.
   *
   * @return the new response
   * @since 0.1.0
   */
  public StubResponse disconnect() {
    return disconnectAfter(pieces.size());
  }

  /**
   * Returns a copy that, after its scripted events, keeps the stream open instead of ending it, so a test can observe
   * the client closing the stream (see {@link StubServer#awaitClientDisconnect(Duration)}). While it is held open, the
   * server writes a keep-alive about every 50 ms: the comment {@code ": keep-alive\n\n"} for server-sent events, a bare
   * line feed for NDJSON. A failed write means the client has gone. If the client is still there after {@code max}, the
   * stream ends normally.
   *
   * @param max the longest time to hold the stream open
   * @return the new response
   * @throws IllegalStateException if this response was made by neither {@link #sse()} nor {@link #ndjson()}
   * @throws IllegalArgumentException if {@code max} is negative
   * @since 0.1.0
   */
  public StubResponse holdOpen(Duration max) {
    if (kind == Kind.PLAIN) {
      throw new IllegalStateException("holdOpen(...) needs a stream made by StubResponse.sse() or"
          + " StubResponse.ndjson(), which have a harmless keep-alive to write");
    }
    return new StubResponse(kind, status, headers, headersDelay, pieces, streamed, disconnectAfter,
        checkDelay(max, "max"));
  }

  @Override
  public String toString() {
    return "StubResponse[" + status + " " + kind.name().toLowerCase(Locale.ROOT) + ", " + pieces.size() + " piece(s)"
        + (streamed ? ", streamed" : "") + (disconnectAfter >= 0 ? ", disconnect after " + disconnectAfter : "")
        + (holdOpen != null ? ", hold open " + holdOpen.toMillis() + " ms" : "") + "]";
  }

  int statusCode() {
    return status;
  }

  boolean isStreamed() {
    return streamed;
  }

  int disconnectAfter() {
    return disconnectAfter;
  }

  List<Map.Entry<String, String>> headers() {
    return headers;
  }

  Duration headersDelay() {
    return headersDelay;
  }

  List<Piece> pieces() {
    return pieces;
  }

  /** The keep-alive bytes written while held open, or null if the response is not held open. */
  byte[] keepAlive() {
    if (holdOpen == null || disconnectAfter >= 0) {
      return null;
    }
    return kind == Kind.SSE ? SSE_KEEP_ALIVE.clone() : NDJSON_KEEP_ALIVE.clone();
  }

  Duration holdOpenMax() {
    return holdOpen;
  }

  private static StubResponse whole(int status, String contentType, String body) {
    List<Piece> pieces = body.isEmpty()
        ? List.of()
        : List.of(new Piece(body.getBytes(StandardCharsets.UTF_8), Duration.ZERO));
    return new StubResponse(Kind.PLAIN, checkStatus(status), List.of(Map.entry("Content-Type", contentType)),
        Duration.ZERO, pieces, false, -1, null);
  }

  private StubResponse withPiece(byte[] bytes, Duration delayBefore) {
    List<Piece> copy = new ArrayList<>(pieces);
    copy.add(new Piece(bytes, checkDelay(delayBefore, "delayBefore")));
    return new StubResponse(kind, status, headers, headersDelay, copy, streamed, disconnectAfter, holdOpen);
  }

  private void requireKind(Kind required, String method, String factory) {
    if (kind != required) {
      throw new IllegalStateException(method + " needs a response made by StubResponse." + factory + "; use"
          + " chunk(...) to add raw bytes to any response");
    }
  }

  private static int checkStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 100 to 599, was " + status);
    }
    return status;
  }

  private static Duration checkDelay(Duration delay, String name) {
    Objects.requireNonNull(delay, name);
    if (delay.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + delay);
    }
    return delay;
  }

  private static boolean containsLineBreak(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
  }

  private enum Kind { PLAIN, SSE, NDJSON }

  /** One body piece: bytes sent and flushed after a delay. The array is never exposed. */
  static final class Piece {
    private final byte[] bytes;
    private final Duration delayBefore;

    Piece(byte[] bytes, Duration delayBefore) {
      this.bytes = bytes;
      this.delayBefore = delayBefore;
    }

    byte[] bytes() {
      return bytes;
    }

    Duration delayBefore() {
      return delayBefore;
    }
  }
}
