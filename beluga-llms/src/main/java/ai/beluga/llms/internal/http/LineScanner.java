package ai.beluga.llms.internal.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Internal API: may change in any release.
 *
 * <p>Splits a byte stream fed as buffers of any size into lines, for {@link SseDecoder} and {@link NdjsonDecoder},
 * which decide what a line means. A line ends with LF or CRLF, and also with a bare CR when the scanner is built for
 * SSE; a CRLF split between two buffers is still one line end. The scanner keeps one growable array for the
 * unfinished last line, reuses it for the whole stream, copies a large fed buffer into it in bounded pieces, and
 * moves the unfinished rest to the front once per piece, so a line costs no allocation.
 *
 * <p>Each complete line, without its line end, reaches the {@link Sink} as a slice of that array. A line longer than
 * {@code maxLineBytes} fails with {@link StreamLimitException}. A scanner is not thread-safe: its decoder feeds it
 * from one thread at a time. Once it has thrown, it must not be used again.
 *
 * <pre>{@code
 * LineScanner lines = new LineScanner("NDJSON stream", maxLineBytes, false, this::onLine);
 * lines.feed(buffer);     // calls onLine for every line the buffer completes
 * lines.finishLastLine(); // at the end of the stream, if a last line without a line end counts
 * }</pre>
 */
final class LineScanner {
  /** The largest array size the scanner and its decoders allocate, as in {@code ArraysSupport.SOFT_MAX_ARRAY_LENGTH}. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
  /** How many bytes of a fed buffer are copied at once: the line array stays within about maxLineBytes + MAX_COPY. */
  static final int MAX_COPY = 64 * 1024;

  private static final byte LF = '\n';
  private static final byte CR = '\r';

  private final String streamName;
  private final int maxLineBytes;
  private final boolean bareCrEndsLine;
  private final Sink sink;

  // The unfinished last line; between calls it never holds an LF, nor a CR if a bare CR ends a line.
  private byte[] line = new byte[8 * 1024];
  private int lineLength;
  // True after a line ended with a bare CR: an LF that comes next, even in the next buffer, belongs to that line end.
  private boolean skipLineFeed;

  /**
   * Creates a scanner.
   *
   * @param streamName how the limit error names the stream, such as {@code "NDJSON stream"}
   * @param maxLineBytes the longest line accepted, in bytes, not counting its line end
   * @param bareCrEndsLine whether a CR not followed by LF ends a line, as in SSE; if not, it is part of the line
   * @param sink receives the lines
   * @throws IllegalArgumentException if the limit is not positive or leaves no room to buffer a line
   */
  LineScanner(String streamName, int maxLineBytes, boolean bareCrEndsLine, Sink sink) {
    if (maxLineBytes <= 0 || maxLineBytes > MAX_ARRAY - MAX_COPY) {
      throw new IllegalArgumentException("maxLineBytes must be between 1 and " + (MAX_ARRAY - MAX_COPY)
          + ", was " + maxLineBytes);
    }
    this.streamName = streamName;
    this.maxLineBytes = maxLineBytes;
    this.bareCrEndsLine = bareCrEndsLine;
    this.sink = sink;
  }

  /**
   * Reads the buffer from its position to its limit and hands every line it completes to the sink before returning.
   *
   * @param buffer the bytes; left with no bytes remaining
   * @throws StreamLimitException if a line exceeds the limit
   */
  void feed(ByteBuffer buffer) {
    while (buffer.hasRemaining()) {
      int count = Math.min(buffer.remaining(), MAX_COPY);
      int scanFrom = lineLength;
      line = ensureCapacity(line, lineLength + count);
      buffer.get(line, lineLength, count);
      lineLength += count;
      splitLines(scanFrom);
    }
  }

  /**
   * Adds bytes to the unfinished line without looking for line ends in them: for bytes held back, such as the start
   * of what looked like a byte order mark, which holds no line end.
   *
   * @param bytes the bytes to add
   * @param offset where they start
   * @param length how many there are
   */
  void appendUnscanned(byte[] bytes, int offset, int length) {
    line = ensureCapacity(line, lineLength + length);
    System.arraycopy(bytes, offset, line, lineLength, length);
    lineLength += length;
  }

  /**
   * Tells whether bytes of an unfinished line are buffered.
   *
   * @return whether the bytes fed so far end in the middle of a line
   */
  boolean hasPartialLine() {
    return lineLength > 0;
  }

  /**
   * Hands the unfinished last line to the sink as a complete line, if it holds any bytes, and empties the buffer: for
   * formats where the final line end is optional.
   *
   * @throws StreamLimitException if the line exceeds the limit
   */
  void finishLastLine() {
    int length = lineLength;
    lineLength = 0;
    if (length > 0) {
      deliver(line, 0, length);
    }
  }

  // Handles every complete line in line[0, lineLength), then moves the unfinished rest to the front, once.
  private void splitLines(int scanFrom) {
    byte[] bytes = line;
    int end = lineLength;
    int start = 0;
    int i = scanFrom;
    while (true) {
      if (skipLineFeed) {
        if (start == end) {
          break;
        }
        if (bytes[start] == LF) {
          start++;
          i = start;
        }
        skipLineFeed = false;
      }
      i = indexOfLineEnd(bytes, i, end);
      if (i == end) {
        break;
      }
      deliver(bytes, start, i - start);
      skipLineFeed = bytes[i] == CR;
      start = i + 1;
      i = start;
    }
    int remaining = end - start;
    // A CR at the very end may be the first half of a CRLF, so it does not count against the limit yet.
    int content = remaining > 0 && bytes[end - 1] == CR ? remaining - 1 : remaining;
    if (content > maxLineBytes) {
      throw lineTooLong();
    }
    if (start > 0) {
      System.arraycopy(bytes, start, bytes, 0, remaining);
    }
    lineLength = remaining;
  }

  private int indexOfLineEnd(byte[] bytes, int from, int end) {
    int i = from;
    if (bareCrEndsLine) {
      while (i < end && bytes[i] != LF && bytes[i] != CR) {
        i++;
      }
    } else {
      while (i < end && bytes[i] != LF) {
        i++;
      }
    }
    return i;
  }

  // Drops the CR of a CRLF (when a bare CR ends a line, a line never holds one), checks the limit, hands it over.
  private void deliver(byte[] bytes, int offset, int length) {
    if (length > 0 && bytes[offset + length - 1] == CR) {
      length--;
    }
    if (length > maxLineBytes) {
      throw lineTooLong();
    }
    sink.onLine(bytes, offset, length);
  }

  private StreamLimitException lineTooLong() {
    return new StreamLimitException(streamName + " has a line longer than the limit of " + maxLineBytes
        + " bytes (maxLineBytes); raise maxLineBytes if the provider legitimately sends longer lines",
        "maxLineBytes", maxLineBytes);
  }

  /**
   * Grows an array to hold at least {@code needed} bytes, at least doubling it, and keeps its contents.
   *
   * @param array the array
   * @param needed the size needed, at most {@link #MAX_ARRAY}
   * @return {@code array} itself if it is large enough, else a larger copy
   */
  static byte[] ensureCapacity(byte[] array, int needed) {
    if (needed <= array.length) {
      return array;
    }
    long grown = Math.max((long) needed, 2L * array.length);
    return Arrays.copyOf(array, (int) Math.min(grown, MAX_ARRAY));
  }

  /**
   * Internal API: may change in any release.
   *
   * <p>Receives the lines a {@link LineScanner} completes, on the thread that feeds it; an exception thrown here
   * propagates out of {@link LineScanner#feed} or {@link LineScanner#finishLastLine}.
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  interface Sink {
    /**
     * Receives one line, without its line end, possibly empty. The bytes are a slice of the scanner's reused array:
     * valid only during this call.
     *
     * @param bytes the array holding the line
     * @param offset where the line starts in {@code bytes}
     * @param length the line's length in bytes
     * @since 0.1.0
     */
    void onLine(byte[] bytes, int offset, int length);
  }
}
