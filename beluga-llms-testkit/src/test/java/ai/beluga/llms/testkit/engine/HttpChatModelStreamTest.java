package ai.beluga.llms.testkit.engine;

import static ai.beluga.llms.testkit.engine.Frames.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.testkit.RecordedRequest;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HttpChatModelStreamTest extends EngineTestSupport {
  static final List<String> FRAMES = List.of(
      Frames.start("r-1", "ref-small-2025"),
      Frames.text("Hello"),
      Frames.text(" there"),
      Frames.toolCallStart(0, "c-1", "weather"),
      Frames.toolCallDelta(0, "{\"city\":"),
      Frames.toolCallDelta(0, "\"Oslo\"}"),
      Frames.toolCallEnd(0),
      Frames.usage(12, 7),
      Frames.finish("tool_calls"));

  static final List<StreamEvent> EVENTS = List.of(
      new StreamEvent.ResponseStarted(Optional.of("r-1"), Optional.of("ref-small-2025"), Map.of()),
      new StreamEvent.TextDelta("Hello"),
      new StreamEvent.TextDelta(" there"),
      new StreamEvent.ToolCallStarted(0, "c-1", "weather"),
      new StreamEvent.ToolCallDelta(0, "{\"city\":"),
      new StreamEvent.ToolCallDelta(0, "\"Oslo\"}"),
      new StreamEvent.ToolCallCompleted(0, ToolCall.of("c-1", "weather", "{\"city\":\"Oslo\"}")),
      new StreamEvent.UsageReported(Usage.of(12, 7)),
      new StreamEvent.Finished(FinishReason.TOOL_CALLS, Optional.of("tool_calls")));

  @Test
  void decodesSseEventsInOrder() {
    server.enqueue(Frames.sse(FRAMES).data(DONE));
    ReferenceTranslator translator = sse();
    ChatModel model = model(translator);

    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      stream.forEach(events::add);
    }

    assertThat(events).containsExactlyElementsOf(EVENTS);
    RecordedRequest request = server.takeRequest();
    assertThat(request.path()).isEqualTo("/chat");
    assertThat(request.header("Accept")).contains("text/event-stream");
    assertThat(request.bodyAsString()).contains("\"stream\":true", "\"model\":\"ref-small\"");
    assertThat(translator.encoded()).singleElement().satisfies(e -> assertThat(e.stream()).isTrue());
    assertThat(translator.lastStreamHead()).hasValueSatisfying(head -> {
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    });
  }

  @Test
  void collectGivesTheSameAnswerAsChat() {
    server.enqueue(StubResponse.json(200, HttpChatModelChatTest.ANSWER));
    server.enqueue(Frames.sse(FRAMES).data(DONE));
    ChatModel model = model(sse());

    ChatResponse chatted = model.chat(ChatRequest.of("Hi"));
    ChatResponse collected;
    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      collected = stream.collect();
    }

    assertThat(collected).isEqualTo(chatted);
  }

  @Test
  void decodesNdjsonFraming() {
    server.enqueue(Frames.ndjson(FRAMES));
    ChatModel model = model(ndjson());

    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      stream.forEach(events::add);
    }

    assertThat(events).containsExactlyElementsOf(EVENTS);
    assertThat(server.takeRequest().header("Accept")).contains("application/x-ndjson");
  }

  @Test
  void textStreamGivesTheTextFragments() {
    server.enqueue(Frames.sse(FRAMES).data(DONE));
    ChatModel model = model(sse());

    String text;
    try (var fragments = model.stream(ChatRequest.of("Hi")).textStream()) {
      text = fragments.collect(Collectors.joining("|"));
    }

    assertThat(text).isEqualTo("Hello| there");
  }

  @Test
  void anErrorEventAfter200SurfacesAfterTheEarlierEvents() {
    server.enqueue(StubResponse.sse().header("x-request-id", "req-7")
        .data(Frames.text("Hel")).data(Frames.text("lo")).data(Frames.error("overloaded", "try later")));
    ChatModel model = model(sse());

    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      assertThatThrownBy(() -> stream.forEach(events::add)).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.providerCode()).contains("overloaded");
        assertThat(e.requestId()).contains("req-7");
        assertThat(e.provider()).contains(ReferenceTranslator.PROVIDER);
        assertThat(e.model()).contains(MODEL);
      });
      assertThat(stream.responseSoFar().text()).isEqualTo("Hello");
    }

    assertThat(events).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
  }

  @Test
  void anErrorStatusOnAStreamIsThrownFromHasNext() {
    server.enqueue(StubResponse.json(429, HttpChatModelChatTest.error("rate_limit_error", null))
        .header("Retry-After", "3").header("x-request-id", "req-8"));
    ChatModel model = model(sse());

    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      Iterator<StreamEvent> events = stream.iterator();
      assertThatThrownBy(events::hasNext).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(e.httpStatus()).hasValue(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.requestId()).contains("req-8");
        assertThat(e.model()).contains(MODEL);
      });
    }
  }

  @Test
  void aBodyCutMidStreamFailsWithNetworkAndKeepsTheEarlierText() {
    server.enqueue(StubResponse.sse().data(Frames.text("Hel")).data(Frames.text("lo"))
        .data(Frames.text(" world")).data(Frames.finish("stop")).data(DONE).disconnectAfter(2));
    ChatModel model = model(sse());

    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      assertThatThrownBy(() -> stream.forEach(events::add)).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
        assertThat(e.model()).contains(MODEL);
      });
      // The JDK client can, rarely, drop the last bytes before a cut (see StubServer); what arrived is kept.
      assertThat(stream.responseSoFar().text()).isIn("Hello", "Hel", "");
      assertThat(stream.responseSoFar().finishReason()).isEqualTo(FinishReason.UNKNOWN);
    }
  }

  @Test
  void aBodyEndingWithoutTheEndMarkerIsReportedAsTruncated() {
    server.enqueue(StubResponse.sse().data(Frames.text("Hello")).data(Frames.finish("stop")));
    ChatModel model = model(sse());

    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      assertThatThrownBy(stream::collect).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
        assertThat(e.getMessage()).contains("truncated");
        assertThat(e.model()).contains(MODEL);
      });
    }
  }

  @Test
  void aFrameThatIsNotJsonFailsWithInvalidResponse() {
    server.enqueue(StubResponse.sse().data(Frames.text("Hello")).data("{not json").data(DONE));
    ChatModel model = model(sse());

    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      assertThatThrownBy(stream::collect).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RESPONSE);
        assertThat(e.provider()).contains(ReferenceTranslator.PROVIDER);
        assertThat(e.model()).contains(MODEL);
      });
    }
  }

  @Test
  void aTranslationThatCannotDecodeTheStreamFailsItAndDropsTheConnection() {
    server.enqueue(StubResponse.sse().data(Frames.text("Hello")).holdOpen(Duration.ofSeconds(10)));
    ChatModel model = model(sse().withDecoderFailure(new IllegalStateException("broken translation")));

    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RESPONSE);
        assertThat(e.getCause()).hasMessage("broken translation");
        assertThat(e.model()).contains(MODEL);
      });
      // Nobody will read the rest of the body: the engine must not keep downloading it.
      assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
    }
  }

  @Test
  void aShutDownSchedulerFailsTheStreamWithoutSendingIt() {
    scheduler.shutdownNow();
    ChatModel model = model(sse());

    try (ChatStream stream = model.stream(ChatRequest.of("Hi"))) {
      assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOfSatisfying(LlmException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void closingAStreamMakesTheServerSeeTheConnectionClose() {
    server.enqueue(StubResponse.sse().data(Frames.text("Hello")).holdOpen(Duration.ofSeconds(10)));
    ChatModel model = model(sse());

    ChatStream stream = model.stream(ChatRequest.of("Hi"));
    Iterator<StreamEvent> events = stream.iterator();
    assertThat(events.next()).isEqualTo(new StreamEvent.TextDelta("Hello"));
    stream.close();

    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
    assertThat(events.hasNext()).isFalse();
  }

  @Test
  void closingAStreamBeforeTheHeadersArriveAbortsTheExchange() throws Exception {
    server.enqueue(StubResponse.sse().data(Frames.text("Hello")).holdOpen(Duration.ofSeconds(10))
        .delay(Duration.ofMillis(300)));
    ChatModel model = model(sse());
    ChatStream stream = model.stream(ChatRequest.of("Hi"));
    AtomicReference<Boolean> hasNext = new AtomicReference<>();
    Thread reader = new Thread(() -> hasNext.set(stream.iterator().hasNext()));
    reader.start();
    server.takeRequest();

    stream.close();
    reader.join(PATIENCE.toMillis());

    assertThat(hasNext.get()).isFalse();
    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
  }

  @Test
  void timesOutWhenTheStreamDoesNotStartWithinTheCallsTimeout() {
    server.enqueue(Frames.sse(FRAMES).data(DONE).delay(Duration.ofSeconds(3)));
    ChatModel model = model(sse());
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().timeout(Duration.ofMillis(200)).build()).build();

    long start = System.nanoTime();
    try (ChatStream stream = model.stream(request)) {
      assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.model()).contains(MODEL);
      });
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void theTimeoutCoversAnErrorBodyThatIsDrippedSlowly() {
    server.enqueue(StubResponse.text(500, "")
        .chunk("{\"error\":{\"type\":\"server_error\",", Duration.ZERO)
        .chunk("\"message\":\"late\"}}", Duration.ofSeconds(3)));
    ChatModel model = model(sse());
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().timeout(Duration.ofMillis(300)).build()).build();

    long start = System.nanoTime();
    try (ChatStream stream = model.stream(request)) {
      assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOfSatisfying(LlmException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void theTimeoutCoversOnlyTheStartOfTheStream() {
    server.enqueue(StubResponse.sse()
        .data(Frames.text("a"), Duration.ofMillis(150))
        .data(Frames.text("b"), Duration.ofMillis(150))
        .data(Frames.text("c"), Duration.ofMillis(150))
        .data(Frames.finish("stop"), Duration.ofMillis(150))
        .data(DONE));
    ChatModel model = model(sse());
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().timeout(Duration.ofMillis(400)).build()).build();

    try (ChatStream stream = model.stream(request)) {
      assertThat(stream.collect().text()).isEqualTo("abc");
    }
  }

  @Test
  void interruptingAThreadBlockedInHasNextCancelsTheStreamAndAbortsTheExchange() throws Exception {
    server.enqueue(StubResponse.sse().data(Frames.text("Hello")).holdOpen(Duration.ofSeconds(10)));
    ChatModel model = model(sse());
    ChatStream stream = model.stream(ChatRequest.of("Hi"));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    AtomicReference<StreamEvent> first = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      Iterator<StreamEvent> events = stream.iterator();
      try {
        first.set(events.next());
        events.hasNext();
      } catch (Throwable e) {
        thrown.set(e);
      }
      interrupted.set(Thread.currentThread().isInterrupted());
    });
    reader.start();
    server.takeRequest();
    waitUntil(() -> first.get() != null && reader.getState() != Thread.State.RUNNABLE);

    reader.interrupt();
    reader.join(PATIENCE.toMillis());

    assertThat(reader.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    assertThat(interrupted.get()).isTrue();
    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
    stream.close();
  }

  @Test
  void aStreamIsNotSentUntilItIsConsumed() throws Exception {
    server.enqueue(Frames.sse(FRAMES).data(DONE));
    ChatModel model = model(sse());

    ChatStream stream = model.stream(ChatRequest.of("Hi"));
    Thread.sleep(100);
    assertThat(server.requestCount()).isZero();
    stream.close();
    Thread.sleep(100);

    assertThat(server.requestCount()).as("closing an unconsumed stream sends nothing").isZero();
  }

  static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within " + PATIENCE);
      }
      Thread.sleep(10);
    }
  }
}
