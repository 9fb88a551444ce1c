package ai.beluga.llms.internal.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Internal API: may change in any release.
 *
 * <p>Cuts a streamed body into frames, fed as byte buffers of any size and split anywhere, and hands each frame to
 * its listener as a slice of a buffer it reuses: {@link SseDecoder} (server-sent events) and {@link NdjsonDecoder}
 * (one JSON value a line) are the two, so that the engine holds one decoder, whichever framing the provider's
 * translation names. Not thread-safe: one per stream, fed from one thread at a time. Once {@link #feed} or
 * {@link #end} has thrown, the decoder must not be used again.
 *
 * <pre>{@code
 * FrameDecoder frames = sse ? new SseDecoder(sseListener) : new NdjsonDecoder(lineListener);
 * frames.feed(buffers); // from BodySubscriber.onNext(List<ByteBuffer>)
 * frames.end();         // from onComplete
 * }</pre>
 *
 * @since 0.1.0
 */
public interface FrameDecoder {

  /**
   * Feeds the next buffer of the stream and hands every frame it completes to the listener before returning. The
   * buffer is read from its position to its limit and left with no bytes remaining; it may be direct or read-only.
   *
   * @param buffer the bytes
   * @throws StreamLimitException if a line or a frame exceeds the decoder's limit
   * @throws IllegalStateException if {@link #end()} was called
   * @since 0.1.0
   */
  void feed(ByteBuffer buffer);

  /**
   * Feeds the next buffers of the stream, in order; see {@link #feed(ByteBuffer)}.
   *
   * @implSpec Calls {@link #feed(ByteBuffer)} for each buffer, by index (no iterator on the hot path).
   * @param buffers the buffers, as a {@code BodySubscriber} receives them
   * @throws StreamLimitException if a line or a frame exceeds the decoder's limit
   * @throws IllegalStateException if {@link #end()} was called
   * @since 0.1.0
   */
  default void feed(List<ByteBuffer> buffers) {
    Objects.requireNonNull(buffers, "buffers");
    for (int i = 0, n = buffers.size(); i < n; i++) {
      feed(buffers.get(i));
    }
  }

  /**
   * Marks the end of the stream, handing over a last frame if the framing delivers one without a terminator (an
   * NDJSON line without its final LF; an SSE event that no blank line closed is discarded, as the standard says).
   * Calling it again does nothing. An exception the listener throws propagates.
   *
   * @since 0.1.0
   */
  void end();
}
