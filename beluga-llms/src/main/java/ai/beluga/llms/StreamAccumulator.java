package ai.beluga.llms;

import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds {@link StreamEvent}s into the {@link ChatResponse} that {@code chat} would have returned for the same answer.
 *
 * <p>This is the library's one accumulator: {@code ChatStream.collect()} uses it, and so can code that consumes
 * {@code toPublisher()}. Text and reasoning deltas are concatenated; tool-call arguments are assembled by index and
 * only become a {@link ToolCall} when the provider completes the call (a prefix of the arguments may parse as JSON
 * before the call is done, so nothing is parsed early); usage reports are merged field by field.
 *
 * <pre>{@code
 * StreamAccumulator accumulator = new StreamAccumulator();
 * for (StreamEvent event : stream) {
 *   accumulator.accept(event);
 * }
 * ChatResponse response = accumulator.toResponse();
 * }</pre>
 *
 * <p>Not thread-safe: feed it from one thread at a time.
 *
 * @since 0.1.0
 */
public final class StreamAccumulator {
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder reasoningText = new StringBuilder();
  private final List<Reasoning> reasoningBlocks = new ArrayList<>();
  private final TreeMap<Integer, PartialToolCall> toolCalls = new TreeMap<>();
  private Usage usage = Usage.empty();
  private FinishReason finishReason;
  private Optional<String> rawFinishReason = Optional.empty();
  private Optional<String> id = Optional.empty();
  private Optional<String> model = Optional.empty();
  private Map<String, String> metadata = Map.of();

  /**
   * Creates an empty accumulator.
   *
   * @since 0.1.0
   */
  public StreamAccumulator() {}

  /**
   * Folds one event in.
   *
   * @param event the event
   * @since 0.1.0
   */
  public void accept(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta) {
      text.append(((StreamEvent.TextDelta) event).text());
    } else if (event instanceof StreamEvent.ToolCallDelta) {
      StreamEvent.ToolCallDelta delta = (StreamEvent.ToolCallDelta) event;
      toolCalls.computeIfAbsent(delta.index(), i -> new PartialToolCall()).arguments.append(delta.argumentsDelta());
    } else if (event instanceof StreamEvent.ToolCallStarted) {
      StreamEvent.ToolCallStarted started = (StreamEvent.ToolCallStarted) event;
      PartialToolCall call = toolCalls.computeIfAbsent(started.index(), i -> new PartialToolCall());
      call.id = started.id();
      call.name = started.name();
    } else if (event instanceof StreamEvent.ToolCallCompleted) {
      StreamEvent.ToolCallCompleted completed = (StreamEvent.ToolCallCompleted) event;
      toolCalls.computeIfAbsent(completed.index(), i -> new PartialToolCall()).completed = completed.toolCall();
    } else if (event instanceof StreamEvent.ReasoningDelta) {
      reasoningText.append(((StreamEvent.ReasoningDelta) event).text());
    } else if (event instanceof StreamEvent.ReasoningCompleted) {
      reasoningBlocks.add(((StreamEvent.ReasoningCompleted) event).reasoning());
    } else if (event instanceof StreamEvent.UsageReported) {
      usage = usage.mergedWith(((StreamEvent.UsageReported) event).usage());
    } else if (event instanceof StreamEvent.Finished) {
      StreamEvent.Finished finished = (StreamEvent.Finished) event;
      finishReason = finished.reason();
      rawFinishReason = finished.rawReason();
    } else if (event instanceof StreamEvent.ResponseStarted) {
      StreamEvent.ResponseStarted started = (StreamEvent.ResponseStarted) event;
      id = started.id();
      model = started.model();
      metadata = started.metadata();
    }
  }

  /**
   * {@return whether a {@link StreamEvent.Finished} event has been seen}
   *
   * @since 0.1.0
   */
  public boolean isFinished() {
    return finishReason != null;
  }

  /**
   * Builds the response from what has arrived so far. Before the stream has finished the result is partial: its
   * finish reason is {@link FinishReason#UNKNOWN}, and tool calls the provider has not completed are left out.
   *
   * @return the response
   * @since 0.1.0
   */
  public ChatResponse toResponse() {
    List<ToolCall> calls = new ArrayList<>(toolCalls.size());
    for (PartialToolCall call : toolCalls.values()) {
      if (call.completed != null) {
        calls.add(call.completed);
      } else if (finishReason != null && call.id != null && call.name != null) {
        // The provider finished the answer, which closes every call it opened.
        calls.add(ToolCall.of(call.id, call.name, call.arguments.toString()));
      }
    }
    List<Reasoning> reasoning = !reasoningBlocks.isEmpty() ? reasoningBlocks
        : reasoningText.length() > 0 ? List.of(Reasoning.of(reasoningText.toString())) : List.of();
    Message.Assistant message = new Message.Assistant(text.toString(), reasoning, calls);
    return new ChatResponse(message, usage, finishReason == null ? FinishReason.UNKNOWN : finishReason,
        rawFinishReason, id, model, metadata);
  }

  private static final class PartialToolCall {
    private String id;
    private String name;
    private final StringBuilder arguments = new StringBuilder();
    private ToolCall completed;
  }
}
