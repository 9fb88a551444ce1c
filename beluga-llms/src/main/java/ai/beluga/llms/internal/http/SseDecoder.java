package ai.beluga.llms.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Internal API: may change in any release.
 *
 * <p>Decodes a {@code text/event-stream} body into server-sent events (one of the two {@link FrameDecoder}s),
 * following the parsing rules of the HTML Living Standard. The body is fed as byte buffers of any size, split
 * anywhere: a line end may be split between buffers
 * (a CR ending one buffer and an LF starting the next are one line end), and so may a UTF-8 sequence, because the
 * decoder works on bytes and decodes text only when it hands an event over.
 *
 * <p>An event's data reaches the {@link Listener} as a slice of a buffer that the decoder reuses for the next event,
 * so a provider can parse the JSON straight from the bytes without building a {@code String}. The decoder keeps two
 * growable byte arrays, one for the current line and one for the current event's data, and reuses both for the
 * whole stream.
 *
 * <p>Lines and events larger than the limits given to the constructor fail with {@link StreamLimitException}. A
 * decoder is not thread-safe: use one per stream and feed it from one thread at a time, as a
 * {@code Flow.Subscriber}'s {@code onNext} calls are. Once {@link #feed} or {@link #end} has thrown, the decoder must
 * not be used again.
 *
 * <pre>{@code
 * SseDecoder decoder = new SseDecoder((type, data, offset, length, lastEventId) -> {
 *   try (JsonParser parser = jsonFactory.createParser(ObjectReadContext.empty(), data, offset, length)) {
 *     // read the event here: the bytes are only valid during this call
 *   }
 * });
 * decoder.feed(buffers); // from BodySubscriber.onNext(List<ByteBuffer>)
 * decoder.end();         // from onComplete
 * }</pre>
 *
 * @see <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation">HTML
 *     Living Standard: interpreting an event stream</a>
 * @since 0.1.0
 */
public final class SseDecoder implements FrameDecoder {
  /**
   * The default longest line, 1 MiB: far above any provider's real lines, low enough to stop a runaway stream.
   *
   * @since 0.1.0
   */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  /**
   * The default largest event data, 8 MiB.
   *
   * @since 0.1.0
   */
  public static final int DEFAULT_MAX_EVENT_BYTES = 8 << 20;

  private static final byte LF = '\n';
  private static final byte COLON = ':';
  private static final byte SPACE = ' ';
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
  private static final byte[] ID = {'i', 'd'};
  private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};
  private static final String DEFAULT_EVENT_TYPE = "message";
  private static final int TYPE_CACHE_SIZE = 8;
  private static final int MAX_CACHED_TYPE_BYTES = 64;

  private final Listener listener;
  private final LineScanner lines;
  private final int maxEventBytes;

  // How many bytes of a leading BOM have been seen; BOM.length once the start of the stream is settled.
  private int bomMatched;
  private byte[] data = new byte[1024];
  private int dataLength;
  private String eventType;
  private boolean eventStarted;
  private String lastEventIdBuffer = "";
  private String lastEventId = "";
  // A few recent event types, so that "content_block_delta" is not a new String for every event.
  private final byte[][] typeKeys = new byte[TYPE_CACHE_SIZE][];
  private final String[] typeNames = new String[TYPE_CACHE_SIZE];
  private int nextTypeSlot;
  private boolean ended;

  /**
   * Creates a decoder with the default limits, {@link #DEFAULT_MAX_LINE_BYTES} and {@link #DEFAULT_MAX_EVENT_BYTES}.
   *
   * @param listener receives the events
   * @since 0.1.0
   */
  public SseDecoder(Listener listener) {
    this(listener, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_EVENT_BYTES);
  }

  /**
   * Creates a decoder with explicit limits.
   *
   * @param listener receives the events
   * @param maxLineBytes the longest line accepted, in bytes, not counting its line end
   * @param maxEventBytes the largest event data accepted, in bytes, counting the line feeds that join its lines
   * @throws IllegalArgumentException if a limit is not positive or leaves no room to buffer a line
   * @since 0.1.0
   */
  public SseDecoder(Listener listener, int maxLineBytes, int maxEventBytes) {
    this.listener = Objects.requireNonNull(listener, "listener");
    // The standard ends a line with CRLF, LF or a bare CR.
    this.lines = new LineScanner("server-sent event stream", maxLineBytes, true, this::processLine);
    if (maxEventBytes <= 0 || maxEventBytes > LineScanner.MAX_ARRAY - 1) {
      throw new IllegalArgumentException("maxEventBytes must be between 1 and " + (LineScanner.MAX_ARRAY - 1)
          + ", was " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Returns a listener that adds every event to a list, with its data decoded as UTF-8. Meant for tests and for
   * callers that want strings rather than bytes.
   *
   * @param sink the list to add to
   * @return the listener
   * @since 0.1.0
   */
  public static Listener collecting(List<? super SseEvent> sink) {
    Objects.requireNonNull(sink, "sink");
    return (eventType, data, offset, length, lastEventId) ->
        sink.add(new SseEvent(eventType, new String(data, offset, length, StandardCharsets.UTF_8), lastEventId));
  }

  /**
   * Feeds the next buffer of the stream and hands every event it completes to the listener before returning. The
   * buffer is read from its position to its limit and left with no bytes remaining; it may be direct or read-only.
   *
   * @param buffer the bytes
   * @throws StreamLimitException if a line or an event exceeds its limit
   * @throws IllegalStateException if {@link #end()} was called
   * @since 0.1.0
   */
  @Override
  public void feed(ByteBuffer buffer) {
    Objects.requireNonNull(buffer, "buffer");
    if (ended) {
      throw new IllegalStateException("feed called after end(): an SSE decoder reads one stream");
    }
    if (bomMatched < BOM.length) {
      skipByteOrderMark(buffer);
    }
    lines.feed(buffer);
  }

  /**
   * Marks the end of the stream. Per the standard an event that no blank line has closed is discarded, and so is an
   * unfinished last line; {@link #hasPendingData()} tells whether that happened. Calling it again does nothing.
   *
   * @since 0.1.0
   */
  @Override
  public void end() {
    ended = true;
  }

  /**
   * Tells whether the stream so far stops in the middle of an event: after a field line that no blank line has
   * closed yet, or in the middle of a line. Read after {@link #end()}, {@code true} means the stream was cut short
   * or the server did not finish its last event, and that event was discarded.
   *
   * @return whether the bytes fed so far end inside an event
   * @since 0.1.0
   */
  public boolean hasPendingData() {
    return eventStarted || lines.hasPartialLine() || (bomMatched > 0 && bomMatched < BOM.length);
  }

  /**
   * Returns the last event id the stream set, as of the last blank line: the value a client sends as
   * {@code Last-Event-ID} when it reconnects.
   *
   * @return the last event id, empty if the stream set none
   * @since 0.1.0
   */
  public String lastEventId() {
    return lastEventId;
  }

  // The standard ignores one U+FEFF at the very start; the three bytes may arrive in separate buffers.
  private void skipByteOrderMark(ByteBuffer buffer) {
    while (bomMatched < BOM.length && buffer.hasRemaining()) {
      if (buffer.get(buffer.position()) == BOM[bomMatched]) {
        buffer.get();
        bomMatched++;
      } else {
        // Not a BOM after all: the bytes matched so far are ordinary content.
        lines.appendUnscanned(BOM, 0, bomMatched);
        bomMatched = BOM.length;
      }
    }
  }

  private void processLine(byte[] bytes, int offset, int length) {
    if (length == 0) {
      dispatch();
      return;
    }
    if (bytes[offset] == COLON) {
      listener.onComment(bytes, offset + 1, length - 1);
      return;
    }
    eventStarted = true;
    int end = offset + length;
    int colon = offset;
    while (colon < end && bytes[colon] != COLON) {
      colon++;
    }
    int valueStart = colon;
    if (colon < end) {
      valueStart = colon + 1;
      if (valueStart < end && bytes[valueStart] == SPACE) {
        valueStart++;
      }
    }
    processField(bytes, offset, colon - offset, valueStart, end - valueStart);
  }

  private void processField(byte[] bytes, int nameStart, int nameLength, int valueStart, int valueLength) {
    if (isName(DATA, bytes, nameStart, nameLength)) {
      appendData(bytes, valueStart, valueLength);
    } else if (isName(EVENT, bytes, nameStart, nameLength)) {
      eventType = valueLength == 0 ? null : eventTypeName(bytes, valueStart, valueLength);
    } else if (isName(ID, bytes, nameStart, nameLength)) {
      if (indexOfNul(bytes, valueStart, valueLength) < 0) {
        lastEventIdBuffer = new String(bytes, valueStart, valueLength, StandardCharsets.UTF_8);
      }
    } else if (isName(RETRY, bytes, nameStart, nameLength)) {
      retry(bytes, valueStart, valueLength);
    }
    // Any other field is ignored, as the standard requires.
  }

  private void appendData(byte[] bytes, int offset, int length) {
    // The data handed over drops the last LF, so the limit compares the buffered length without it.
    if ((long) dataLength + length > maxEventBytes) {
      throw new StreamLimitException("server-sent event data exceeds the limit of " + maxEventBytes
          + " bytes (maxEventBytes); raise maxEventBytes if the provider legitimately sends larger events",
          "maxEventBytes", maxEventBytes);
    }
    data = LineScanner.ensureCapacity(data, dataLength + length + 1);
    System.arraycopy(bytes, offset, data, dataLength, length);
    dataLength += length;
    data[dataLength++] = LF;
  }

  private void retry(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return;
    }
    long millis = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return;
      }
      // Saturate rather than overflow: a server asking for more than Long.MAX_VALUE ms gets Long.MAX_VALUE.
      millis = millis > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : millis * 10 + digit;
    }
    listener.onRetry(millis);
  }

  private void dispatch() {
    lastEventId = lastEventIdBuffer;
    eventStarted = false;
    String type = eventType == null ? DEFAULT_EVENT_TYPE : eventType;
    eventType = null;
    if (dataLength == 0) {
      return;
    }
    int length = dataLength - 1;
    dataLength = 0;
    listener.onEvent(type, data, 0, length, lastEventId);
  }

  private String eventTypeName(byte[] bytes, int offset, int length) {
    for (int slot = 0; slot < TYPE_CACHE_SIZE && typeKeys[slot] != null; slot++) {
      byte[] key = typeKeys[slot];
      if (Arrays.equals(key, 0, key.length, bytes, offset, offset + length)) {
        return typeNames[slot];
      }
    }
    String name = new String(bytes, offset, length, StandardCharsets.UTF_8);
    if (length <= MAX_CACHED_TYPE_BYTES) {
      typeKeys[nextTypeSlot] = Arrays.copyOfRange(bytes, offset, offset + length);
      typeNames[nextTypeSlot] = name;
      nextTypeSlot = (nextTypeSlot + 1) % TYPE_CACHE_SIZE;
    }
    return name;
  }

  private static boolean isName(byte[] name, byte[] bytes, int offset, int length) {
    return length == name.length && Arrays.equals(name, 0, name.length, bytes, offset, offset + length);
  }

  private static int indexOfNul(byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Internal API: may change in any release.
   *
   * <p>Receives what an {@link SseDecoder} reads. Only {@link #onEvent} must be implemented. The decoder calls the
   * listener on the thread that feeds it, one call at a time; an exception thrown here propagates out of
   * {@link SseDecoder#feed}.
   *
   * <pre>{@code
   * SseDecoder.Listener listener = (type, data, offset, length, lastEventId) -> handle(type, data, offset, length);
   * }</pre>
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface Listener {
    /**
     * Receives one event. The data is a slice of a buffer the decoder reuses: it is valid only during this call, and
     * the listener must neither keep the array nor write to it.
     *
     * @param eventType the {@code event} field, or {@code "message"} if the event set none
     * @param data the buffer holding the event's data as UTF-8: its {@code data} lines joined with LF
     * @param offset where the data starts in {@code data}
     * @param length the data's length in bytes, possibly zero
     * @param lastEventId the last event id the stream set, empty if none
     * @since 0.1.0
     */
    void onEvent(String eventType, byte[] data, int offset, int length, String lastEventId);

    /**
     * Receives a comment line, such as the {@code : keep-alive} lines servers send to hold a connection open. The
     * bytes are valid only during this call. The default implementation does nothing.
     *
     * @param text the buffer holding the comment, without its leading colon, as UTF-8
     * @param offset where the comment starts in {@code text}
     * @param length the comment's length in bytes, possibly zero
     * @since 0.1.0
     */
    default void onComment(byte[] text, int offset, int length) {
    }

    /**
     * Receives a valid {@code retry} field: the reconnection time the server asks for. The default implementation
     * does nothing.
     *
     * @param millis the reconnection time in milliseconds, saturated at {@code Long.MAX_VALUE}
     * @since 0.1.0
     */
    default void onRetry(long millis) {
    }
  }
}
