package ai.beluga.llms.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Internal API: may change in any release.
 *
 * <p>Decodes a newline-delimited JSON body (Ollama streams its responses this way) into lines, one JSON value each
 * (one of the two {@link FrameDecoder}s). The body is fed as byte buffers of any size, split anywhere. Lines end
 * with LF; a CR before the LF is dropped, and
 * lines that are empty or hold only JSON whitespace are skipped. A last line without a final LF is still delivered
 * by {@link #end()}, because servers often omit it.
 *
 * <p>Each line reaches the {@link Listener} as a slice of a buffer the decoder reuses, so a provider can parse the
 * JSON straight from the bytes. A line longer than the limit given to the constructor fails with
 * {@link StreamLimitException}. A decoder is not thread-safe: use one per stream and feed it from one thread at a
 * time. Once {@link #feed} or {@link #end} has thrown, the decoder must not be used again.
 *
 * <pre>{@code
 * NdjsonDecoder decoder = new NdjsonDecoder((bytes, offset, length) -> {
 *   try (JsonParser parser = jsonFactory.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
 *     // read the line here: the bytes are only valid during this call
 *   }
 * });
 * decoder.feed(buffers); // from BodySubscriber.onNext(List<ByteBuffer>)
 * decoder.end();         // from onComplete
 * }</pre>
 *
 * @see <a href="https://github.com/ndjson/ndjson-spec">NDJSON specification</a>
 * @since 0.1.0
 */
public final class NdjsonDecoder implements FrameDecoder {
  /**
   * The default longest line, 8 MiB. An NDJSON line is a whole event, so this matches
   * {@link SseDecoder#DEFAULT_MAX_EVENT_BYTES} rather than the SSE line limit.
   *
   * @since 0.1.0
   */
  public static final int DEFAULT_MAX_LINE_BYTES = 8 << 20;

  private static final byte CR = '\r';

  private final Listener listener;
  private final LineScanner lines;
  private boolean ended;

  /**
   * Creates a decoder with the default limit, {@link #DEFAULT_MAX_LINE_BYTES}.
   *
   * @param listener receives the lines
   * @since 0.1.0
   */
  public NdjsonDecoder(Listener listener) {
    this(listener, DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * Creates a decoder with an explicit limit.
   *
   * @param listener receives the lines
   * @param maxLineBytes the longest line accepted, in bytes, not counting its line end
   * @throws IllegalArgumentException if the limit is not positive or leaves no room to buffer a line
   * @since 0.1.0
   */
  public NdjsonDecoder(Listener listener, int maxLineBytes) {
    this.listener = Objects.requireNonNull(listener, "listener");
    // Lines end with LF or CRLF; a bare CR is part of the line.
    this.lines = new LineScanner("NDJSON stream", maxLineBytes, false, this::onLine);
  }

  /**
   * Returns a listener that adds every line to a list, decoded as UTF-8. Meant for tests and for callers that want
   * strings rather than bytes.
   *
   * @param sink the list to add to
   * @return the listener
   * @since 0.1.0
   */
  public static Listener collecting(List<? super String> sink) {
    Objects.requireNonNull(sink, "sink");
    return (bytes, offset, length) -> sink.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
  }

  /**
   * Feeds the next buffer of the stream and hands every line it completes to the listener before returning. The
   * buffer is read from its position to its limit and left with no bytes remaining; it may be direct or read-only.
   *
   * @param buffer the bytes
   * @throws StreamLimitException if a line exceeds the limit
   * @throws IllegalStateException if {@link #end()} was called
   * @since 0.1.0
   */
  @Override
  public void feed(ByteBuffer buffer) {
    Objects.requireNonNull(buffer, "buffer");
    if (ended) {
      throw new IllegalStateException("feed called after end(): an NDJSON decoder reads one stream");
    }
    lines.feed(buffer);
  }

  /**
   * Marks the end of the stream and delivers the last line if it had no final LF and is not blank. Calling it again
   * does nothing. An exception the listener throws propagates.
   *
   * @since 0.1.0
   */
  @Override
  public void end() {
    if (ended) {
      return;
    }
    ended = true;
    lines.finishLastLine();
  }

  private void onLine(byte[] bytes, int offset, int length) {
    if (!isBlank(bytes, offset, length)) {
      listener.onLine(bytes, offset, length);
    }
  }

  private static boolean isBlank(byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != CR) {
        return false;
      }
    }
    return true;
  }

  /**
   * Internal API: may change in any release.
   *
   * <p>Receives the lines an {@link NdjsonDecoder} reads, on the thread that feeds it, one call at a time; an
   * exception thrown here propagates out of {@link NdjsonDecoder#feed} or {@link NdjsonDecoder#end}.
   *
   * <pre>{@code
   * NdjsonDecoder.Listener listener = (bytes, offset, length) -> handle(bytes, offset, length);
   * }</pre>
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface Listener {
    /**
     * Receives one non-blank line, without its line end. The bytes are a slice of a buffer the decoder reuses: they
     * are valid only during this call, and the listener must neither keep the array nor write to it.
     *
     * @param bytes the buffer holding the line as UTF-8
     * @param offset where the line starts in {@code bytes}
     * @param length the line's length in bytes, at least one
     * @since 0.1.0
     */
    void onLine(byte[] bytes, int offset, int length);
  }
}
