package ai.beluga.llms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import ai.beluga.llms.StreamEvent;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StreamEventAssertionsTest {
  private static final StreamEvent START =
      new StreamEvent.ResponseStarted(Optional.of("r1"), Optional.empty(), Map.of());
  private static final StreamEvent FINISH = new StreamEvent.Finished(FinishReason.STOP, Optional.of("stop"));
  private static final StreamEvent USAGE = new StreamEvent.UsageReported(Usage.of(3, 4));
  private static final ToolCall CALL = ToolCall.of("c1", "get_weather", "{\"city\":\"Paris\"}");

  @Test
  void acceptsAWholeStreamWithTextToolCallsAndTrailingUsage() {
    List<StreamEvent> events = List.of(START, text("Hel"), text("lo"),
        new StreamEvent.ToolCallStarted(0, "c1", "get_weather"),
        new StreamEvent.ToolCallDelta(0, "{\"city\":"), new StreamEvent.ToolCallDelta(0, "\"Paris\"}"),
        new StreamEvent.ToolCallCompleted(0, CALL), FINISH, USAGE);

    assertThatCode(() -> StreamEventAssertions.assertWellFormed(events)).doesNotThrowAnyException();
    assertThat(StreamEventAssertions.text(events)).isEqualTo("Hello");
  }

  @Test
  void acceptsACompletedCallWithoutFragments() {
    List<StreamEvent> events = List.of(START, new StreamEvent.ToolCallStarted(0, "c1", "get_weather"),
        new StreamEvent.ToolCallCompleted(0, CALL), FINISH);

    assertThatCode(() -> StreamEventAssertions.assertWellFormed(events)).doesNotThrowAnyException();
  }

  @Test
  void acceptsAnUnfinishedPrefixWithAnOpenCall() {
    List<StreamEvent> events = List.of(START, text("Hi"), new StreamEvent.ToolCallStarted(0, "c1", "get_weather"),
        new StreamEvent.ToolCallDelta(0, "{\"ci"));

    assertThatCode(() -> StreamEventAssertions.assertWellFormedPrefix(events)).doesNotThrowAnyException();
    assertThatCode(() -> StreamEventAssertions.assertWellFormedPrefix(List.of())).doesNotThrowAnyException();
  }

  @Test
  void joinsReasoningApartFromText() {
    List<StreamEvent> events = List.of(START, new StreamEvent.ReasoningDelta("thin"), text("answer"),
        new StreamEvent.ReasoningDelta("king"), FINISH);

    assertThat(StreamEventAssertions.reasoningText(events)).isEqualTo("thinking");
    assertThat(StreamEventAssertions.text(events)).isEqualTo("answer");
  }

  static Stream<Arguments> malformedStreams() {
    return Stream.of(
        argumentSet("no events", List.of(), "no events"),
        argumentSet("text before ResponseStarted", List.of(text("a"), START, FINISH), "must start with"),
        argumentSet("two ResponseStarted", List.of(START, START, FINISH), "second ResponseStarted"),
        argumentSet("no Finished", List.of(START, text("a")), "no Finished"),
        argumentSet("two Finished", List.of(START, FINISH, FINISH), "follows Finished"),
        argumentSet("text after Finished", List.of(START, FINISH, text("a")), "follows Finished"),
        argumentSet("empty text delta", List.of(START, text(""), FINISH), "empty text delta"),
        argumentSet("fragment of a call never started",
            List.of(START, new StreamEvent.ToolCallDelta(0, "{}"), FINISH), "not started"),
        argumentSet("call started twice", List.of(START, new StreamEvent.ToolCallStarted(0, "c1", "get_weather"),
            new StreamEvent.ToolCallStarted(0, "c1", "get_weather")), "a second time"),
        argumentSet("fragment after the call completed", List.of(START,
            new StreamEvent.ToolCallStarted(0, "c1", "get_weather"), new StreamEvent.ToolCallCompleted(0, CALL),
            new StreamEvent.ToolCallDelta(0, " "), FINISH), "already completed"),
        argumentSet("completed with other arguments than its fragments", List.of(START,
            new StreamEvent.ToolCallStarted(0, "c1", "get_weather"), new StreamEvent.ToolCallDelta(0, "{\"city\":"),
            new StreamEvent.ToolCallCompleted(0, CALL), FINISH), "differ from its fragments"),
        argumentSet("completed under another name", List.of(START,
            new StreamEvent.ToolCallStarted(0, "c1", "get_time"), new StreamEvent.ToolCallCompleted(0, CALL),
            FINISH), "but it started as get_time"),
        argumentSet("finished with a call open", List.of(START,
            new StreamEvent.ToolCallStarted(0, "c1", "get_weather"), FINISH), "never completed"));
  }

  @ParameterizedTest
  @MethodSource("malformedStreams")
  void rejectsAMalformedStreamNamingTheProblem(List<StreamEvent> events, String problem) {
    assertThatThrownBy(() -> StreamEventAssertions.assertWellFormed(events))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(problem);
  }

  private static StreamEvent text(String text) {
    return new StreamEvent.TextDelta(text);
  }
}
