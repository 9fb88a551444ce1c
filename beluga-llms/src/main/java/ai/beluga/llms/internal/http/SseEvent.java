package ai.beluga.llms.internal.http;

import java.util.List;
import java.util.Objects;

/**
 * Internal API: may change in any release.
 *
 * <p>One server-sent event with its data decoded as text, as {@link SseDecoder#collecting(List)} builds it. The
 * engine's hot path reads events as bytes through {@link SseDecoder.Listener} instead; this record serves tests and
 * callers that want strings. Immutable and thread-safe.
 *
 * <pre>{@code
 * List<SseEvent> events = new ArrayList<>();
 * SseDecoder decoder = new SseDecoder(SseDecoder.collecting(events));
 * }</pre>
 *
 * @param event the event type, {@code "message"} if the stream set none
 * @param data the data lines joined with LF
 * @param id the last event id as of this event, empty if none
 * @since 0.1.0
 */
public record SseEvent(String event, String data, String id) {

  /**
   * Checks the parts are present.
   *
   * @param event the event type, {@code "message"} if the stream set none
   * @param data the data lines joined with LF
   * @param id the last event id as of this event, empty if none
   */
  public SseEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(id, "id");
  }

  /**
   * Creates an event.
   *
   * @param event the event type
   * @param data the data
   * @param id the last event id, empty if none
   * @return the event
   * @since 0.1.0
   */
  public static SseEvent of(String event, String data, String id) {
    return new SseEvent(event, data, id);
  }
}
