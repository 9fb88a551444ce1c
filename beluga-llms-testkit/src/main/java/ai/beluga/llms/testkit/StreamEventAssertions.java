package ai.beluga.llms.testkit;

import static org.assertj.core.api.Assertions.fail;

import ai.beluga.llms.StreamEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that a sequence of {@link StreamEvent}s follows the stream contract, and reads the text out of one. The
 * contract suite uses these on every stream; a provider's own decoder tests can use them on the events decoded from a
 * recorded fixture.
 *
 * <p>A well-formed stream is: one {@code ResponseStarted}, first; then any text, reasoning, tool-call and usage
 * events; then exactly one {@code Finished}, after which only {@code UsageReported} may follow. Text deltas are never
 * empty. Each tool call, by index, is started once, before any fragment of it; its fragments come before its one
 * {@code ToolCallCompleted}, whose id and name are those it started with and whose arguments are the fragments joined
 * (when it had fragments); every started call is completed before {@code Finished}.
 *
 * <pre>{@code
 * List<StreamEvent> events = decode(fixture("openai/tool-calls.chunks.txt"));
 * StreamEventAssertions.assertWellFormed(events);
 * assertThat(StreamEventAssertions.text(events)).isEmpty();
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class StreamEventAssertions {
  private StreamEventAssertions() {}

  /**
   * Asserts that the events are a whole, well-formed stream, ending with its {@code Finished} event (and possibly
   * usage after it).
   *
   * @param events the events, in the order they arrived
   * @throws AssertionError naming the first event that breaks the contract
   * @since 0.1.0
   */
  public static void assertWellFormed(List<? extends StreamEvent> events) {
    check(events, true);
  }

  /**
   * Asserts that the events are a well-formed beginning of a stream: what arrived before a stream failed or was
   * closed. The same rules apply as for {@link #assertWellFormed(List)}, except that the stream need not have
   * finished and tool calls may still be open.
   *
   * @param events the events, in the order they arrived
   * @throws AssertionError naming the first event that breaks the contract
   * @since 0.1.0
   */
  public static void assertWellFormedPrefix(List<? extends StreamEvent> events) {
    check(events, false);
  }

  /**
   * Joins the text deltas.
   *
   * @param events the events
   * @return the answer's text so far
   * @since 0.1.0
   */
  public static String text(List<? extends StreamEvent> events) {
    StringBuilder text = new StringBuilder();
    for (StreamEvent event : events) {
      if (event instanceof StreamEvent.TextDelta delta) {
        text.append(delta.text());
      }
    }
    return text.toString();
  }

  /**
   * Joins the reasoning deltas.
   *
   * @param events the events
   * @return the reasoning text so far
   * @since 0.1.0
   */
  public static String reasoningText(List<? extends StreamEvent> events) {
    StringBuilder text = new StringBuilder();
    for (StreamEvent event : events) {
      if (event instanceof StreamEvent.ReasoningDelta delta) {
        text.append(delta.text());
      }
    }
    return text.toString();
  }

  private static void check(List<? extends StreamEvent> events, boolean whole) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      if (whole) {
        fail("the stream has no events; it must start with ResponseStarted and end with Finished");
      }
      return;
    }
    if (!(events.get(0) instanceof StreamEvent.ResponseStarted)) {
      fail(at(events, 0) + " is the first event; a stream must start with ResponseStarted");
    }
    Map<Integer, OpenCall> calls = new HashMap<>();
    int finishedAt = -1;
    for (int i = 1; i < events.size(); i++) {
      StreamEvent event = events.get(i);
      if (finishedAt >= 0 && !(event instanceof StreamEvent.UsageReported)) {
        fail(at(events, i) + " follows Finished (event #" + finishedAt + "); only UsageReported may follow it");
      }
      if (event instanceof StreamEvent.ResponseStarted) {
        fail(at(events, i) + " is a second ResponseStarted; a stream has exactly one, first");
      } else if (event instanceof StreamEvent.TextDelta delta && delta.text().isEmpty()) {
        fail(at(events, i) + " is an empty text delta; providers drop empty fragments");
      } else if (event instanceof StreamEvent.ToolCallStarted started) {
        if (calls.containsKey(started.index())) {
          fail(at(events, i) + " starts tool call #" + started.index() + " a second time");
        }
        calls.put(started.index(), new OpenCall(started));
      } else if (event instanceof StreamEvent.ToolCallDelta delta) {
        openCall(events, i, calls, delta.index()).arguments.append(delta.argumentsDelta());
      } else if (event instanceof StreamEvent.ToolCallCompleted completed) {
        OpenCall call = openCall(events, i, calls, completed.index());
        call.completed = true;
        checkCompletedCall(events, i, call, completed);
      } else if (event instanceof StreamEvent.Finished) {
        finishedAt = i;
        for (Map.Entry<Integer, OpenCall> call : calls.entrySet()) {
          if (!call.getValue().completed) {
            fail(at(events, i) + " finishes the stream while tool call #" + call.getKey()
                + " was never completed; complete every call before Finished");
          }
        }
      }
    }
    if (whole && finishedAt < 0) {
      fail("the stream of " + events.size() + " events has no Finished event; a whole stream ends with one");
    }
  }

  private static OpenCall openCall(List<? extends StreamEvent> events, int i, Map<Integer, OpenCall> calls,
      int index) {
    OpenCall call = calls.get(index);
    if (call == null) {
      fail(at(events, i) + " refers to tool call #" + index + ", which was not started");
    }
    if (call.completed) {
      fail(at(events, i) + " refers to tool call #" + index + ", which was already completed");
    }
    return call;
  }

  private static void checkCompletedCall(List<? extends StreamEvent> events, int i, OpenCall call,
      StreamEvent.ToolCallCompleted completed) {
    if (!completed.toolCall().id().equals(call.started.id())
        || !completed.toolCall().name().equals(call.started.name())) {
      fail(at(events, i) + " completes tool call #" + completed.index() + " as " + completed.toolCall().name()
          + " (id " + completed.toolCall().id() + "), but it started as " + call.started.name() + " (id "
          + call.started.id() + ")");
    }
    if (call.arguments.length() > 0 && !call.arguments.toString().equals(completed.toolCall().arguments())) {
      fail(at(events, i) + " completes tool call #" + completed.index() + " with arguments that differ from its "
          + "fragments joined: " + completed.toolCall().arguments().length() + " characters against "
          + call.arguments.length());
    }
  }

  private static String at(List<? extends StreamEvent> events, int i) {
    return "event #" + i + " (" + events.get(i).getClass().getSimpleName() + ")";
  }

  private static final class OpenCall {
    private final StreamEvent.ToolCallStarted started;
    private final StringBuilder arguments = new StringBuilder();
    private boolean completed;

    private OpenCall(StreamEvent.ToolCallStarted started) {
      this.started = started;
    }
  }
}
