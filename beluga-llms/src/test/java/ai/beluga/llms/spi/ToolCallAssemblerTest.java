package ai.beluga.llms.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.schema.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ToolCallAssemblerTest {
  private final ToolCallAssembler calls = new ToolCallAssembler("acme");
  private final List<StreamEvent> events = new ArrayList<>();
  private final StreamDecoder.EventSink sink = events::add;

  @Test
  void numbersCallsFromZeroInTheOrderTheyOpenWhateverTheProviderKeys() {
    // Anthropic numbers content blocks, text included: tool calls at blocks 1 and 3 are our calls 0 and 1.
    assertThat(calls.start(1, "toolu_a", "weather", sink)).isZero();
    calls.delta(1, "{\"city\":", sink);
    assertThat(calls.start(3, "toolu_b", "clock", sink)).isEqualTo(1);
    calls.delta(1, "\"Oslo\"}", sink);
    calls.complete(1, sink);
    calls.complete(3, sink);

    assertThat(events).containsExactly(
        new StreamEvent.ToolCallStarted(0, "toolu_a", "weather"),
        new StreamEvent.ToolCallDelta(0, "{\"city\":"),
        new StreamEvent.ToolCallStarted(1, "toolu_b", "clock"),
        new StreamEvent.ToolCallDelta(0, "\"Oslo\"}"),
        new StreamEvent.ToolCallCompleted(0, ToolCall.of("toolu_a", "weather", "{\"city\":\"Oslo\"}")),
        new StreamEvent.ToolCallCompleted(1, ToolCall.of("toolu_b", "clock", "{}")));
  }

  @Test
  void argumentsThatAlreadyParseDoNotCompleteTheCall() {
    calls.start(0, "c1", "search", sink);
    calls.delta(0, "{\"q\":1}", sink);

    assertThat(events).noneMatch(StreamEvent.ToolCallCompleted.class::isInstance);
    assertThat(calls.isOpen(0)).isTrue();

    // The next fragment shows the JSON was a prefix: completing only on the provider's close keeps it whole.
    calls.delta(0, " ", sink);
    calls.complete(0, sink);

    assertThat(events.get(events.size() - 1)).isEqualTo(
        new StreamEvent.ToolCallCompleted(0, ToolCall.of("c1", "search", "{\"q\":1} ")));
    assertThat(calls.isOpen(0)).isFalse();
    assertThat(calls.hasOpenCalls()).isFalse();
  }

  @Test
  void holdsFragmentsUntilTheIdAndNameAreKnownThenSendsThemAsOneDelta() {
    calls.fragment(0, null, null, "{\"a\"", sink);
    calls.fragment(0, "call_x", null, ":1", sink);
    assertThat(events).isEmpty();

    calls.fragment(0, null, "tool", "}", sink);
    calls.fragment(0, "call_ignored", "ignored", "", sink);
    calls.completeAll(sink);

    assertThat(events).containsExactly(
        new StreamEvent.ToolCallStarted(0, "call_x", "tool"),
        new StreamEvent.ToolCallDelta(0, "{\"a\":1}"),
        new StreamEvent.ToolCallCompleted(0, ToolCall.of("call_x", "tool", "{\"a\":1}")));
  }

  @Test
  void completeAllClosesEveryOpenCallInOrderAndNamesCallsThatNeverGotAnId() {
    calls.fragment(5, null, "first", "{}", sink);
    calls.fragment(7, "", "second", null, sink);
    assertThat(events).isEmpty();

    calls.completeAll(sink);

    assertThat(events).containsExactly(
        new StreamEvent.ToolCallStarted(0, "call_0", "first"),
        new StreamEvent.ToolCallDelta(0, "{}"),
        new StreamEvent.ToolCallCompleted(0, ToolCall.of("call_0", "first", "{}")),
        new StreamEvent.ToolCallStarted(1, "call_1", "second"),
        new StreamEvent.ToolCallCompleted(1, ToolCall.of("call_1", "second", "{}")));
    assertThat(calls.hasOpenCalls()).isFalse();
    assertThat(calls.nextIndex()).isEqualTo(2);
  }

  @Test
  void callsKeyedByIdStartTakeFragmentsAndCompleteByTheirId() {
    calls.start("item_1", "lookup", sink);
    calls.delta("item_1", "{\"k\":", sink);
    calls.delta("item_1", "2}", sink);
    calls.complete("item_1", sink);

    assertThat(events).containsExactly(
        new StreamEvent.ToolCallStarted(0, "item_1", "lookup"),
        new StreamEvent.ToolCallDelta(0, "{\"k\":"),
        new StreamEvent.ToolCallDelta(0, "2}"),
        new StreamEvent.ToolCallCompleted(0, ToolCall.of("item_1", "lookup", "{\"k\":2}")));
  }

  @Test
  void aKeyIsFreeAgainOnceItsCallCompletedAndTheNewCallGetsTheNextIndex() {
    calls.start(0, "c1", "a", sink);
    calls.complete(0, sink);
    calls.start(0, "c2", "b", sink);
    calls.complete(0, sink);

    assertThat(events).filteredOn(StreamEvent.ToolCallCompleted.class::isInstance)
        .extracting(event -> ((StreamEvent.ToolCallCompleted) event).index()).containsExactly(0, 1);
  }

  @Test
  void emptyFragmentsAreDroppedAndOneFragmentIsKeptAsItCame() {
    String whole = "{\"city\":\"Oslo\"}";
    calls.start(0, "c1", "weather", sink);
    calls.delta(0, "", sink);
    calls.delta(0, whole, sink);
    calls.delta(0, "", sink);
    calls.complete(0, sink);

    assertThat(events).hasSize(3);
    assertThat(((StreamEvent.ToolCallCompleted) events.get(2)).toolCall().arguments()).isSameAs(whole);
  }

  @Test
  void manySmallFragmentsAreJoinedInOrder() {
    calls.start(2, "c1", "echo", sink);
    StringBuilder expected = new StringBuilder("{\"text\":\"");
    calls.delta(2, expected.toString(), sink);
    for (int i = 0; i < 500; i++) {
      String piece = Integer.toString(i % 10);
      expected.append(piece);
      calls.delta(2, piece, sink);
    }
    calls.delta(2, "\"}", sink);
    expected.append("\"}");
    calls.complete(2, sink);

    StreamEvent.ToolCallCompleted completed = (StreamEvent.ToolCallCompleted) events.get(events.size() - 1);
    assertThat(completed.toolCall().arguments()).isEqualTo(expected.toString());
    assertThat(completed.toolCall().argumentsJson().path("text").asString()).hasSize(500);
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.argumentSet("a fragment for an index no call has",
            (Consumer<ToolCallAssembler>) c -> c.delta(4, "{}", e -> { }), "index 4"),
        Arguments.argumentSet("a fragment for an id no call has",
            (Consumer<ToolCallAssembler>) c -> c.delta("item_9", "{}", e -> { }), "id item_9"),
        Arguments.argumentSet("a second start under an open index",
            (Consumer<ToolCallAssembler>) c -> {
              c.start(1, "c1", "a", e -> { });
              c.start(1, "c2", "b", e -> { });
            }, "started a second time"),
        Arguments.argumentSet("a second start under an open id",
            (Consumer<ToolCallAssembler>) c -> {
              c.start("item_1", "a", e -> { });
              c.start("item_1", "a", e -> { });
            }, "started a second time"),
        Arguments.argumentSet("a close for an index no call has",
            (Consumer<ToolCallAssembler>) c -> c.complete(3, e -> { }), "index 3"),
        Arguments.argumentSet("a close for an id no call has",
            (Consumer<ToolCallAssembler>) c -> c.complete("item_2", e -> { }), "id item_2"),
        Arguments.argumentSet("a call that never named its tool, closed by the finish",
            (Consumer<ToolCallAssembler>) c -> {
              c.fragment(0, "call_1", null, "{}", e -> { });
              c.completeAll(e -> { });
            }, "never named its function"),
        Arguments.argumentSet("a call that never named its tool, closed on its own",
            (Consumer<ToolCallAssembler>) c -> {
              c.start(6, "toolu_1", "", e -> { });
              c.complete(6, e -> { });
            }, "never named its function"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void badInputIsAnInvalidResponseNamingTheProvider(Consumer<ToolCallAssembler> steps, String detail) {
    assertThatThrownBy(() -> steps.accept(new ToolCallAssembler("acme")))
        .isInstanceOfSatisfying(LlmException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RESPONSE);
          assertThat(e.provider()).hasValue("acme");
          assertThat(e.getMessage()).contains(detail);
        });
  }
}
