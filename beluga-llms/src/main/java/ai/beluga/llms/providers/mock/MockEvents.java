package ai.beluga.llms.providers.mock;

import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.StreamEvent;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** Cuts a scripted response into the stream events a real provider would send for it. */
final class MockEvents {
  private MockEvents() {}

  static List<StreamEvent> of(ChatResponse response, int chunkSize) {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.ResponseStarted(response.id(), response.model(), response.metadata()));
    for (Reasoning block : response.message().reasoning()) {
      for (String chunk : chunks(block.text(), chunkSize)) {
        events.add(new StreamEvent.ReasoningDelta(chunk));
      }
      events.add(new StreamEvent.ReasoningCompleted(block));
    }
    for (String chunk : chunks(response.text(), chunkSize)) {
      events.add(new StreamEvent.TextDelta(chunk));
    }
    List<ToolCall> calls = response.toolCalls();
    for (int index = 0; index < calls.size(); index++) {
      ToolCall call = calls.get(index);
      events.add(new StreamEvent.ToolCallStarted(index, call.id(), call.name()));
      for (String chunk : chunks(call.arguments(), chunkSize)) {
        events.add(new StreamEvent.ToolCallDelta(index, chunk));
      }
      events.add(new StreamEvent.ToolCallCompleted(index, call));
    }
    if (!response.usage().isEmpty()) {
      events.add(new StreamEvent.UsageReported(response.usage()));
    }
    events.add(new StreamEvent.Finished(response.finishReason(), response.rawFinishReason()));
    return events;
  }

  /** Splits text into pieces of at most {@code size} code points, never between the halves of a surrogate pair. */
  static List<String> chunks(String text, int size) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = start;
      for (int points = 0; points < size && end < text.length(); points++) {
        end = text.offsetByCodePoints(end, 1);
      }
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }
}
