package ai.beluga.llms.spi;

import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.LlmException;

/**
 * Decodes one streamed answer of a provider, frame by frame, into {@link StreamEvent}s. One instance per stream,
 * called by one thread at a time, so it may keep state (such as tool calls being assembled by index).
 *
 * <p>Frames are server-sent events or NDJSON lines, as the translation's {@link ChatTranslator#streamFraming()} says.
 * The frame's bytes are a slice of a buffer the engine reuses: parse them during the call (for example with Jackson's
 * {@code createParser(ctx, bytes, offset, length)}), never keep the array.
 *
 * <p>An error the provider sends inside the stream (after HTTP 200) is reported by throwing an {@link LlmException}
 * from {@link #onFrame}; the engine ends the stream with it.
 *
 * @since 0.1.0
 */
public interface StreamDecoder {

  /**
   * Decodes one frame.
   *
   * @param eventType the SSE event type ({@code message} when the event named none); {@code message} for NDJSON
   * @param data the frame's bytes
   * @param offset where the frame starts
   * @param length the frame's length
   * @param sink where decoded events go, in order
   * @throws LlmException when the frame is an error the provider sent, or cannot be parsed ({@code INVALID_RESPONSE})
   * @since 0.1.0
   */
  void onFrame(String eventType, byte[] data, int offset, int length, EventSink sink);

  /**
   * Called when the body ends. A decoder that has not seen the provider's end of answer (such as OpenAI's
   * {@code [DONE]}, a finish reason, or Anthropic's {@code message_stop}) must throw, so that a truncated stream is
   * never passed off as a whole one.
   *
   * @param sink where any last events go
   * @throws LlmException with {@code NETWORK} when the stream ended before the answer did
   * @since 0.1.0
   */
  void onEnd(EventSink sink);

  /**
   * Where a decoder puts the events it decodes.
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  interface EventSink {

    /**
     * Emits an event.
     *
     * @param event the event
     * @since 0.1.0
     */
    void emit(StreamEvent event);
  }
}
