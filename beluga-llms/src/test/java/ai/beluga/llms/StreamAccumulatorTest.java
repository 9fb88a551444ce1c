package ai.beluga.llms;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamAccumulatorTest {
  private final StreamAccumulator accumulator = new StreamAccumulator();

  @Test
  void assemblesToolCallArgumentsByIndexAcrossInterleavedDeltas() {
    feed(
        new StreamEvent.ToolCallStarted(0, "call_a", "weather"),
        new StreamEvent.ToolCallDelta(0, "{\"ci"),
        new StreamEvent.ToolCallStarted(1, "call_b", "clock"),
        new StreamEvent.ToolCallDelta(1, "{\"zone\""),
        new StreamEvent.ToolCallDelta(0, "ty\":\"Os"),
        new StreamEvent.ToolCallDelta(1, ":\"CET\"}"),
        new StreamEvent.ToolCallDelta(0, "lo\"}"),
        new StreamEvent.Finished(FinishReason.TOOL_CALLS, Optional.of("tool_calls")));

    assertThat(accumulator.toResponse().toolCalls()).containsExactly(
        ToolCall.of("call_a", "weather", "{\"city\":\"Oslo\"}"),
        ToolCall.of("call_b", "clock", "{\"zone\":\"CET\"}"));
  }

  @Test
  void ordersToolCallsByIndexNotByArrival() {
    feed(
        new StreamEvent.ToolCallStarted(1, "call_b", "clock"),
        new StreamEvent.ToolCallStarted(0, "call_a", "weather"),
        new StreamEvent.ToolCallCompleted(1, ToolCall.of("call_b", "clock", "{}")),
        new StreamEvent.ToolCallCompleted(0, ToolCall.of("call_a", "weather", "{}")));

    assertThat(accumulator.toResponse().toolCalls()).extracting(ToolCall::id).containsExactly("call_a", "call_b");
  }

  @Test
  void leavesOutAnUnfinishedCallBeforeFinishedAndIncludesItAfter() {
    feed(
        new StreamEvent.ToolCallStarted(0, "call_a", "weather"),
        new StreamEvent.ToolCallDelta(0, "{\"city\":\"Oslo\"}"),
        new StreamEvent.ToolCallCompleted(0, ToolCall.of("call_a", "weather", "{\"city\":\"Oslo\"}")),
        new StreamEvent.ToolCallStarted(1, "call_b", "clock"),
        new StreamEvent.ToolCallDelta(1, "{\"zone\":\"CET\"}"));

    assertThat(accumulator.toResponse().toolCalls()).extracting(ToolCall::id).containsExactly("call_a");
    assertThat(accumulator.isFinished()).isFalse();

    accumulator.accept(new StreamEvent.Finished(FinishReason.TOOL_CALLS, Optional.empty()));

    assertThat(accumulator.toResponse().toolCalls()).containsExactly(
        ToolCall.of("call_a", "weather", "{\"city\":\"Oslo\"}"),
        ToolCall.of("call_b", "clock", "{\"zone\":\"CET\"}"));
    assertThat(accumulator.isFinished()).isTrue();
  }

  @Test
  void theCompletedCallWinsOverTheDeltasSeenForIt() {
    feed(
        new StreamEvent.ToolCallStarted(0, "call_a", "weather"),
        new StreamEvent.ToolCallDelta(0, "{\"city\": \"Os"),
        new StreamEvent.ToolCallCompleted(0, ToolCall.of("call_a", "weather", "{\"city\":\"Oslo\"}")),
        new StreamEvent.Finished(FinishReason.TOOL_CALLS, Optional.empty()));

    assertThat(accumulator.toResponse().toolCalls())
        .containsExactly(ToolCall.of("call_a", "weather", "{\"city\":\"Oslo\"}"));
  }

  @Test
  void mergesUsageReportedInTwoParts() {
    feed(
        new StreamEvent.UsageReported(Usage.builder().inputTokens(100).cachedInputTokens(40).build()),
        new StreamEvent.TextDelta("ok"),
        new StreamEvent.UsageReported(Usage.builder().outputTokens(25).build()),
        new StreamEvent.Finished(FinishReason.STOP, Optional.of("end_turn")));

    Usage usage = accumulator.toResponse().usage();
    assertThat(usage.inputTokens()).hasValue(100);
    assertThat(usage.outputTokens()).hasValue(25);
    assertThat(usage.cachedInputTokens()).hasValue(40);
    assertThat(usage.totalTokens()).hasValue(125);
  }

  @Test
  void prefersCompletedReasoningBlocksOverTheDeltas() {
    Reasoning signed = new Reasoning("Think step by step.", Optional.of("sig-abc"), Optional.empty());
    feed(
        new StreamEvent.ReasoningDelta("Think step "),
        new StreamEvent.ReasoningDelta("by step."),
        new StreamEvent.ReasoningCompleted(signed),
        new StreamEvent.ReasoningCompleted(Reasoning.redacted("opaque")),
        new StreamEvent.Finished(FinishReason.STOP, Optional.empty()));

    assertThat(accumulator.toResponse().message().reasoning()).containsExactly(signed, Reasoning.redacted("opaque"));
  }

  @Test
  void joinsReasoningDeltasIntoOneBlockWhenNoneIsCompleted() {
    feed(new StreamEvent.ReasoningDelta("Think step "), new StreamEvent.ReasoningDelta("by step."));

    assertThat(accumulator.toResponse().message().reasoning()).containsExactly(Reasoning.of("Think step by step."));
  }

  @Test
  void foldsTextIdModelMetadataAndFinishReason() {
    feed(
        new StreamEvent.ResponseStarted(Optional.of("r1"), Optional.of("m1"), Map.of("k", "v")),
        new StreamEvent.TextDelta("Hel"),
        new StreamEvent.TextDelta("lo"),
        new StreamEvent.Finished(FinishReason.LENGTH, Optional.of("max_tokens")));

    ChatResponse response = accumulator.toResponse();
    assertThat(response.text()).isEqualTo("Hello");
    assertThat(response.id()).contains("r1");
    assertThat(response.model()).contains("m1");
    assertThat(response.metadata()).containsEntry("k", "v");
    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.rawFinishReason()).contains("max_tokens");
  }

  @Test
  void aResponseBeforeAnyEventIsEmptyWithAnUnknownFinishReason() {
    ChatResponse response = accumulator.toResponse();

    assertThat(response.text()).isEmpty();
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.usage()).isEqualTo(Usage.empty());
    assertThat(response.finishReason()).isEqualTo(FinishReason.UNKNOWN);
  }

  private void feed(StreamEvent... events) {
    for (StreamEvent event : events) {
      accumulator.accept(event);
    }
  }
}
