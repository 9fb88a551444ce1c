package ai.beluga.llms.internal.http;

/**
 * Internal API: may change in any release.
 *
 * <p>Thrown by {@link SseDecoder} and {@link NdjsonDecoder} when a stream holds a line or an event larger than the
 * decoder agreed to buffer. The limits exist so that a broken or hostile server cannot make the client buffer an
 * unbounded amount of memory.
 *
 * <p>The message names the limit, its size in bytes and how to raise it; it never contains the stream's content.
 * {@link #limitName()} and {@link #limit()} give the same facts to a caller that wants to word its own message.
 *
 * <pre>{@code
 * try {
 *   decoder.feed(buffer);
 * } catch (StreamLimitException e) {
 *   // e.limitName() is "maxLineBytes" or "maxEventBytes"; e.limit() is its size in bytes
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StreamLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The name of the exceeded limit. */
  private final String limitName;
  /** The limit's value. */
  private final int limit;

  /**
   * Creates an exception for an exceeded limit.
   *
   * @param message what exceeded which limit and how to raise it
   * @param limitName the limit's name as the decoder's constructor calls it, such as {@code maxLineBytes}
   * @param limit the limit in bytes
   * @since 0.1.0
   */
  public StreamLimitException(String message, String limitName, int limit) {
    super(message);
    this.limitName = limitName;
    this.limit = limit;
  }

  /**
   * Returns the name of the exceeded limit.
   *
   * @return the limit's name, {@code maxLineBytes} or {@code maxEventBytes}
   * @since 0.1.0
   */
  public String limitName() {
    return limitName;
  }

  /**
   * Returns the size of the exceeded limit.
   *
   * @return the limit in bytes
   * @since 0.1.0
   */
  public int limit() {
    return limit;
  }
}
