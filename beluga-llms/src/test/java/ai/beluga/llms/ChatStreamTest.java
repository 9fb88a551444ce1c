package ai.beluga.llms;

import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.providers.mock.Mock;
import ai.beluga.llms.middleware.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.mock.MockReply;
import ai.beluga.llms.providers.mock.MockScript;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class ChatStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  static Stream<Arguments> replies() {
    return Stream.of(
        Arguments.argumentSet("text only, chunks of 1", textReply(), 1),
        Arguments.argumentSet("text only, chunks of 5", textReply(), 5),
        Arguments.argumentSet("two tool calls, chunks of 3", toolReply(), 3),
        Arguments.argumentSet("reasoning then text, chunks of 4", reasoningReply(), 4),
        Arguments.argumentSet("everything with usage, chunks of 2", fullReply(), 2),
        Arguments.argumentSet("everything in one chunk each", fullReply(), 10_000));
  }

  @ParameterizedTest
  @MethodSource("replies")
  void collectGivesTheSameResponseAsChat(ChatResponse scripted, int chunkSize) {
    MockScript script = MockScript.create().enqueue(MockReply.of(scripted)).enqueue(MockReply.of(scripted));
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).streamChunkSize(chunkSize).build());

    ChatResponse fromChat = model.chat(ChatRequest.of("What is the weather in Oslo?"));
    ChatResponse fromStream;
    try (ChatStream stream = model.stream(ChatRequest.of("What is the weather in Oslo?"))) {
      fromStream = stream.collect();
    }

    assertThat(fromStream).isEqualTo(fromChat);
    assertThat(fromStream.id()).contains("resp-1");
  }

  @Test
  void iteratingGivesStartedThenDeltasThenFinished() {
    ChatModel model = model(MockScript.create().enqueue(MockReply.of(fullReply())), 4, Duration.ZERO);
    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      for (StreamEvent event : stream) {
        events.add(event);
      }
    }

    assertThat(events.get(0)).isEqualTo(new StreamEvent.ResponseStarted(Optional.of("resp-1"),
        Optional.of("mock-large"), Map.of("region", "eu")));
    assertThat(events.get(events.size() - 1))
        .isEqualTo(new StreamEvent.Finished(FinishReason.TOOL_CALLS, Optional.of("tool_use")));
    String text = events.stream().filter(StreamEvent.TextDelta.class::isInstance)
        .map(e -> ((StreamEvent.TextDelta) e).text()).collect(Collectors.joining());
    assertThat(text).isEqualTo(fullReply().text());
    assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance).hasSizeGreaterThan(1);
    assertThat(events).filteredOn(StreamEvent.ToolCallCompleted.class::isInstance)
        .extracting(e -> ((StreamEvent.ToolCallCompleted) e).toolCall())
        .containsExactlyElementsOf(fullReply().toolCalls());
    assertThat(events).containsOnlyOnce(new StreamEvent.UsageReported(fullReply().usage()));
  }

  @Test
  void collectAfterPartialIterationPicksUpWhereItStopped() {
    MockScript script = MockScript.create().enqueue(MockReply.of(fullReply())).enqueue(MockReply.of(fullReply()));
    ChatModel model = model(script, 3, Duration.ZERO);
    ChatResponse fromChat = model.chat(ChatRequest.of("hi"));

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      Iterator<StreamEvent> events = stream.iterator();
      while (!(events.next() instanceof StreamEvent.TextDelta)) {
        // Read up to and including the first piece of text.
      }
      assertThat(stream.responseSoFar().text()).isNotEmpty().isNotEqualTo(fromChat.text());
      assertThat(stream.responseSoFar().finishReason()).isEqualTo(FinishReason.UNKNOWN);

      assertThat(stream.collect()).isEqualTo(fromChat);
    }
  }

  @Test
  void textStreamGivesOnlyTheTextInPieces() {
    ChatModel model = model(MockScript.create().enqueue(MockReply.of(fullReply())), 4, Duration.ZERO);
    List<String> pieces;
    try (ChatStream stream = model.stream(ChatRequest.of("hi")); Stream<String> text = stream.textStream()) {
      pieces = text.collect(Collectors.toList());
    }

    assertThat(String.join("", pieces)).isEqualTo(fullReply().text());
    assertThat(pieces).hasSizeGreaterThan(1).allSatisfy(piece -> assertThat(piece.length()).isLessThanOrEqualTo(4));
  }

  @Test
  void responseSoFarShowsThePartialTextAfterAMidStreamFailure() {
    MockReply reply = MockReply.text("abcdefghijkl").failingAfter(3, ErrorCode.OVERLOADED);
    ChatModel model = model(MockScript.create().enqueue(reply), 4, Duration.ZERO);
    List<StreamEvent> seen = new ArrayList<>();

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      assertThatThrownBy(() -> stream.forEach(seen::add))
          .isInstanceOfSatisfying(LlmException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED);
            assertThat(e.provider()).contains("mock");
            assertThat(e.model()).contains(MockConfig.DEFAULT_MODEL);
          });

      assertThat(seen).hasSize(3);
      assertThat(stream.responseSoFar().text()).isEqualTo("abcdefgh");
      assertThat(stream.responseSoFar().finishReason()).isEqualTo(FinishReason.UNKNOWN);
    }
  }

  @Test
  void collectOnAFailingStreamThrowsTheScriptedException() {
    ChatModel model = model(MockScript.create().enqueue(MockReply.failure(ErrorCode.RATE_LIMIT)), 4, Duration.ZERO);

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      assertThatThrownBy(stream::collect).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(e.httpStatus()).hasValue(429);
        assertThat(e.retryable()).isTrue();
      });
    }
  }

  @Test
  void collectAfterAMidStreamFailureThrowsThatFailure() {
    MockReply reply = MockReply.text("abcdefghijkl").failingAfter(2, ErrorCode.SERVER_ERROR);
    ChatModel model = model(MockScript.create().enqueue(reply), 4, Duration.ZERO);

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      assertThatThrownBy(stream::collect).isInstanceOfSatisfying(LlmException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_ERROR));
      assertThat(stream.responseSoFar().text()).isEqualTo("abcd");
    }
  }

  @Test
  void collectRejectsAStreamThatEndsWithoutFinishing() {
    Flow.Publisher<StreamEvent> truncated = publisherOf(List.of(new StreamEvent.TextDelta("half an ans")));

    try (ChatStream stream = ChatStream.of(truncated)) {
      assertThatThrownBy(stream::collect).isInstanceOfSatisfying(LlmException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RESPONSE));
    }
  }

  @Test
  void closeFromAnotherThreadEndsABlockedHasNext() throws Exception {
    MockReply slow = MockReply.text("too late").withDelay(Duration.ofSeconds(30));
    ChatModel model = model(MockScript.create().enqueue(slow), 4, Duration.ZERO);
    ChatStream stream = model.stream(ChatRequest.of("hi"));
    Iterator<StreamEvent> events = stream.iterator();
    AtomicReference<Object> outcome = new AtomicReference<>();

    Thread consumer = new Thread(() -> {
      try {
        outcome.set(events.hasNext());
      } catch (RuntimeException e) {
        outcome.set(e);
      }
    });
    consumer.start();
    awaitWaiting(consumer);
    stream.close();
    consumer.join(WAIT.toMillis());

    assertThat(consumer.isAlive()).isFalse();
    assertThat(outcome.get()).isEqualTo(false);
    assertThat(events.hasNext()).isFalse();
  }

  @Test
  void interruptingAThreadBlockedInHasNextGivesCancelledWithTheFlagSet() throws Exception {
    MockReply slow = MockReply.text("too late").withDelay(Duration.ofSeconds(30));
    ChatModel model = model(MockScript.create().enqueue(slow), 4, Duration.ZERO);
    AtomicReference<LlmException> failure = new AtomicReference<>();
    AtomicBoolean flagAfterwards = new AtomicBoolean();

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      Iterator<StreamEvent> events = stream.iterator();
      Thread consumer = new Thread(() -> {
        try {
          events.hasNext();
        } catch (LlmException e) {
          failure.set(e);
        }
        flagAfterwards.set(Thread.currentThread().isInterrupted());
      });
      consumer.start();
      awaitWaiting(consumer);
      consumer.interrupt();
      consumer.join(WAIT.toMillis());

      assertThat(consumer.isAlive()).isFalse();
    }
    assertThat(failure.get()).isNotNull();
    assertThat(failure.get().code()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(failure.get().getCause()).isInstanceOf(InterruptedException.class);
    assertThat(flagAfterwards).isTrue();
  }

  static Stream<Arguments> secondUses() {
    Consumer<ChatStream> iterate = stream -> stream.iterator().hasNext();
    Consumer<ChatStream> publish = ChatStream::toPublisher;
    Consumer<ChatStream> collect = ChatStream::collect;
    Consumer<ChatStream> text = stream -> stream.textStream().findFirst();
    return Stream.of(
        Arguments.argumentSet("iterate, then toPublisher", iterate, publish),
        Arguments.argumentSet("toPublisher, then iterate", publish, iterate),
        Arguments.argumentSet("toPublisher, then collect", publish, collect),
        Arguments.argumentSet("toPublisher, then textStream", publish, text),
        Arguments.argumentSet("toPublisher twice", publish, publish),
        Arguments.argumentSet("collect, then toPublisher", collect, publish));
  }

  @ParameterizedTest
  @MethodSource("secondUses")
  void consumingAStreamTwiceThrowsIllegalStateException(Consumer<ChatStream> first, Consumer<ChatStream> second) {
    ChatModel model = model(MockScript.create(), 4, Duration.ZERO);

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      first.accept(stream);

      assertThatThrownBy(() -> second.accept(stream)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("consumed once");
    }
  }

  @Test
  void iteratingAStreamClosedBeforeUseEndsAtOnceWithoutSendingTheRequest() {
    MockScript script = MockScript.create();
    ChatModel model = model(script, 4, Duration.ZERO);
    ChatStream stream = model.stream(ChatRequest.of("hi"));

    stream.close();

    assertThat(stream.iterator().hasNext()).isFalse();
    assertThat(script.requests()).isEmpty();
  }

  @Test
  void collectOnAStreamClosedPartWayThrowsCancelled() {
    ChatModel model = model(MockScript.create().enqueue(MockReply.of(fullReply())), 1, Duration.ZERO);

    ChatStream stream = model.stream(ChatRequest.of("hi"));
    stream.iterator().next();
    stream.close();

    assertThatThrownBy(stream::collect).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
  }

  @Test
  void aFailedStreamKeepsThrowingTheSameFailure() {
    ChatModel model = model(MockScript.create().enqueue(MockReply.failure(ErrorCode.NETWORK)), 4, Duration.ZERO);

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      Iterator<StreamEvent> events = stream.iterator();
      LlmException first = catchLlmException(events::hasNext);
      LlmException second = catchLlmException(events::hasNext);

      assertThat(first.code()).isEqualTo(ErrorCode.NETWORK);
      assertThat(second).isSameAs(first);
    }
  }

  @Test
  void streamingTimesOutQuicklyWhenTheReplyIsLaterThanTheCallTimeout() {
    MockReply slow = MockReply.text("too late").withDelay(Duration.ofSeconds(5));
    ChatModel model = model(MockScript.create().enqueue(slow), 4, Duration.ZERO);
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("hi"))
        .options(ChatOptions.builder().timeout(Duration.ofMillis(50)).build()).build();

    long start = System.nanoTime();
    try (ChatStream stream = model.stream(request)) {
      assertThatThrownBy(stream::collect).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.retryable()).isTrue();
      });
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  static Stream<Arguments> demandCases() {
    return Stream.of(
        Arguments.argumentSet("no chunk delay", Duration.ZERO),
        Arguments.argumentSet("10 ms chunk delay", Duration.ofMillis(10)));
  }

  @ParameterizedTest
  @MethodSource("demandCases")
  void publisherNeverDeliversMoreThanRequestedWhenAskedOneAtATimeFromOnNext(Duration chunkDelay) throws Exception {
    MockScript script = MockScript.create().enqueue(MockReply.of(fullReply())).enqueue(MockReply.of(fullReply()));
    ChatModel model = model(script, 3, chunkDelay);
    ChatResponse fromChat = model.chat(ChatRequest.of("hi"));
    RecordingSubscriber<StreamEvent> subscriber = RecordingSubscriber.oneAtATimeFromOnNext();

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      stream.toPublisher().subscribe(subscriber);
      assertThat(subscriber.awaitTerminal(WAIT)).isTrue();
    }

    assertThat(subscriber.overDelivered()).isZero();
    assertThat(subscriber.completed()).isTrue();
    assertThat(subscriber.error()).isNull();
    assertThat(subscriber.signalsAfterTerminal()).isZero();
    assertThat(accumulate(subscriber.items())).isEqualTo(fromChat);
  }

  @ParameterizedTest
  @MethodSource("demandCases")
  void publisherNeverDeliversMoreThanRequestedWhenAskedOneAtATimeFromAnotherThread(Duration chunkDelay)
      throws Exception {
    MockScript script = MockScript.create().enqueue(MockReply.of(fullReply())).enqueue(MockReply.of(fullReply()));
    ChatModel model = model(script, 3, chunkDelay);
    ChatResponse fromChat = model.chat(ChatRequest.of("hi"));
    RecordingSubscriber<StreamEvent> subscriber = RecordingSubscriber.requesting(0);

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      stream.toPublisher().subscribe(subscriber);
      assertThat(subscriber.awaitSubscribed(WAIT)).isTrue();
      int expected = 0;
      while (!subscriber.awaitTerminal(Duration.ZERO)) {
        subscriber.request(1);
        expected++;
        subscriber.awaitItems(expected, WAIT);
        assertThat(subscriber.items().size()).isLessThanOrEqualTo(expected);
        if (subscriber.items().size() < expected) {
          // The last request only lets the completion through.
          assertThat(subscriber.awaitTerminal(WAIT)).isTrue();
        }
      }
    }

    assertThat(subscriber.overDelivered()).isZero();
    assertThat(subscriber.completed()).isTrue();
    assertThat(accumulate(subscriber.items())).isEqualTo(fromChat);
  }

  @ParameterizedTest
  @MethodSource("demandCases")
  void publisherHoldsBackEventsUntilAskedForMore(Duration chunkDelay) throws Exception {
    ChatModel model = model(MockScript.create().enqueue(MockReply.of(fullReply())), 2, chunkDelay);
    RecordingSubscriber<StreamEvent> subscriber = RecordingSubscriber.requesting(2);

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      stream.toPublisher().subscribe(subscriber);
      assertThat(subscriber.awaitItems(2, WAIT)).isTrue();
      Thread.sleep(100);

      assertThat(subscriber.items()).hasSize(2);
      assertThat(subscriber.awaitTerminal(Duration.ZERO)).isFalse();

      subscriber.request(Long.MAX_VALUE);
      assertThat(subscriber.awaitTerminal(WAIT)).isTrue();
    }
    assertThat(subscriber.overDelivered()).isZero();
    assertThat(subscriber.completed()).isTrue();
    assertThat(subscriber.items().get(subscriber.items().size() - 1)).isInstanceOf(StreamEvent.Finished.class);
  }

  @Test
  void publisherPassesAMidStreamFailureToOnErrorAfterTheEventsBeforeIt() throws Exception {
    MockReply reply = MockReply.text("abcdefghijkl").failingAfter(3, ErrorCode.OVERLOADED);
    ChatModel model = model(MockScript.create().enqueue(reply), 4, Duration.ZERO);
    RecordingSubscriber<StreamEvent> subscriber = RecordingSubscriber.oneAtATimeFromOnNext();

    try (ChatStream stream = model.stream(ChatRequest.of("hi"))) {
      stream.toPublisher().subscribe(subscriber);
      assertThat(subscriber.awaitTerminal(WAIT)).isTrue();
    }

    assertThat(subscriber.items()).hasSize(3);
    assertThat(subscriber.error()).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED));
    assertThat(subscriber.terminalSignals()).isEqualTo(1);
  }

  @Test
  void closingAPublishedStreamCancelsTheSubscription() throws Exception {
    ChatModel model = model(MockScript.create().enqueue(MockReply.of(fullReply())), 1, Duration.ofMillis(10));
    RecordingSubscriber<StreamEvent> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
    ChatStream stream = model.stream(ChatRequest.of("hi"));
    stream.toPublisher().subscribe(subscriber);
    assertThat(subscriber.awaitItems(2, WAIT)).isTrue();

    stream.close();
    int afterClose = subscriber.items().size();
    Thread.sleep(100);

    assertThat(subscriber.items().size()).isLessThanOrEqualTo(afterClose + 1);
    assertThat(subscriber.completed()).isFalse();
  }

  static ChatResponse textReply() {
    return response(new Message.Assistant("Mild, 14 degrees, light wind from the west.", List.of(), List.of()),
        Usage.empty(), FinishReason.STOP, Optional.empty());
  }

  static ChatResponse toolReply() {
    return response(new Message.Assistant("", List.of(), List.of(
            ToolCall.of("call_a", "weather", "{\"city\":\"Oslo\",\"unit\":\"celsius\"}"),
            ToolCall.of("call_b", "clock", "{\"zone\":\"Europe/Oslo\"}"))),
        Usage.of(20, 15), FinishReason.TOOL_CALLS, Optional.of("tool_calls"));
  }

  static ChatResponse reasoningReply() {
    return response(new Message.Assistant("It is mild.",
            List.of(new Reasoning("Oslo in spring is usually mild.", Optional.of("sig-1"), Optional.empty())),
            List.of()),
        Usage.of(9, 30), FinishReason.STOP, Optional.of("end_turn"));
  }

  static ChatResponse fullReply() {
    Message.Assistant message = new Message.Assistant("Checking the weather and the time for Oslo now.",
        List.of(Reasoning.of("Two tools are needed: weather and clock.")),
        List.of(ToolCall.of("call_a", "weather", "{\"city\":\"Oslo\"}"),
            ToolCall.of("call_b", "clock", "{\"zone\":\"CET\"}")));
    Usage usage = Usage.builder().inputTokens(12).outputTokens(34).cachedInputTokens(4).reasoningOutputTokens(10)
        .build();
    return new ChatResponse(message, usage, FinishReason.TOOL_CALLS, Optional.of("tool_use"), Optional.of("resp-1"),
        Optional.of("mock-large"), Map.of("region", "eu"));
  }

  private static ChatResponse response(Message.Assistant message, Usage usage, FinishReason reason,
      Optional<String> raw) {
    return new ChatResponse(message, usage, reason, raw, Optional.of("resp-1"), Optional.empty(), Map.of());
  }

  private static ChatModel model(MockScript script, int chunkSize, Duration chunkDelay) {
    // Retries off: these tests are about the stream itself, and scripted failures must reach it.
    return Mock.chatModel(MockConfig.builder().script(script).streamChunkSize(chunkSize).streamChunkDelay(chunkDelay)
        .build(), LlmOption.retry(RetryPolicy.none()));
  }

  private static ChatResponse accumulate(List<StreamEvent> events) {
    StreamAccumulator accumulator = new StreamAccumulator();
    events.forEach(accumulator::accept);
    return accumulator.toResponse();
  }

  private static LlmException catchLlmException(Runnable action) {
    try {
      action.run();
    } catch (LlmException e) {
      return e;
    }
    throw new AssertionError("expected an LlmException");
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("the consumer blocks in hasNext()").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  private static Flow.Publisher<StreamEvent> publisherOf(List<StreamEvent> events) {
    return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      private int position;
      private boolean done;

      @Override
      public void request(long n) {
        for (long i = 0; i < n && position < events.size(); i++) {
          subscriber.onNext(events.get(position++));
        }
        if (position == events.size() && !done) {
          done = true;
          subscriber.onComplete();
        }
      }

      @Override
      public void cancel() {
        done = true;
      }
    });
  }
}
