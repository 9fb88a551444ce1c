package ai.beluga.llms.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.testkit.RecordedRequest;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.llms.testkit.StubServer;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpChatModelChatTest extends EngineTestSupport {
  static final String ANSWER = "{\"id\":\"r-1\",\"model\":\"ref-small-2025\",\"text\":\"Hello there\","
      + "\"tool_calls\":[{\"id\":\"c-1\",\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}],"
      + "\"finish\":\"tool_calls\",\"usage\":{\"input\":12,\"output\":7}}";

  @Test
  void sendsTheEncodedRequestAndDecodesTheAnswer() {
    server.enqueue(StubResponse.json(200, ANSWER));
    ChatModel model = model(sse());

    ChatResponse response = model.chat(ChatRequest.of(Message.system("Be brief."), Message.user("Hi")));

    RecordedRequest request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/chat");
    assertThat(request.header("Authorization")).contains("Bearer " + ReferenceTranslator.API_KEY);
    assertThat(request.header("X-Reference-Version")).contains("1");
    assertThat(request.header("Content-Type")).contains("application/json");
    assertThat(request.header("Accept")).as("Accept is added for streams only").isEmpty();
    assertThat(request.bodyAsString()).isEqualTo("{\"model\":\"ref-small\",\"stream\":false,\"messages\":["
        + "{\"role\":\"system\",\"text\":\"Be brief.\"},{\"role\":\"user\",\"text\":\"Hi\"}]}");
    assertThat(response).isEqualTo(new ChatResponse(
        new Message.Assistant("Hello there", java.util.List.of(),
            java.util.List.of(ToolCall.of("c-1", "weather", "{\"city\":\"Oslo\"}"))),
        Usage.of(12, 7), FinishReason.TOOL_CALLS, Optional.of("tool_calls"), Optional.of("r-1"),
        Optional.of("ref-small-2025"), java.util.Map.of()));
  }

  @Test
  void laysTheCallsOptionsOverTheDefaultsAndSetsTheDefaultModel() {
    server.enqueue(StubResponse.json(200, ANSWER));
    server.enqueue(StubResponse.json(200, ANSWER));
    ReferenceTranslator translator = sse();
    ChatOptions defaults = ChatOptions.builder().temperature(0.2).maxOutputTokens(100).build();
    ChatModel model = model(translator, HttpModelSettings.of(MODEL, defaults, MODEL_TIMEOUT));

    model.chat(ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().temperature(0.9).build()).build());
    model.chat(ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().model("ref-large").build()).build());

    ChatOptions first = translator.encoded().get(0).request().options();
    assertThat(first.model()).contains(MODEL);
    assertThat(first.temperature()).hasValue(0.9);
    assertThat(first.maxOutputTokens()).hasValue(100);
    ChatOptions second = translator.encoded().get(1).request().options();
    assertThat(second.model()).contains("ref-large");
    assertThat(second.temperature()).hasValue(0.2);
    assertThat(translator.encoded()).extracting(ReferenceTranslator.Encoded::stream).containsOnly(false);
    assertThat(server.takeRequest().bodyAsString()).contains("\"model\":\"ref-small\"", "\"temperature\":0.9");
    assertThat(server.takeRequest().bodyAsString()).contains("\"model\":\"ref-large\"", "\"temperature\":0.2");
  }

  static Stream<Arguments> errorStatuses() {
    return Stream.of(
        argumentSet("400 invalid input", 400, StubResponse.json(400, error("invalid_request_error", "bad_param")),
            ErrorCode.INVALID_INPUT, "bad_param", null),
        argumentSet("400 with a provider code we know", 400, StubResponse.json(400,
            error("invalid_request_error", "context_length_exceeded")), ErrorCode.CONTEXT_LENGTH_EXCEEDED,
            "context_length_exceeded", null),
        argumentSet("401 authentication", 401, StubResponse.json(401, error("authentication_error", null)),
            ErrorCode.AUTHENTICATION, "authentication_error", null),
        argumentSet("403 permission denied", 403, StubResponse.json(403, error("permission_error", null)),
            ErrorCode.PERMISSION_DENIED, "permission_error", null),
        argumentSet("404 not found", 404, StubResponse.json(404, error("not_found_error", "model_not_found")),
            ErrorCode.NOT_FOUND, "model_not_found", null),
        argumentSet("413 request too large", 413, StubResponse.json(413, error("request_too_large", null)),
            ErrorCode.REQUEST_TOO_LARGE, "request_too_large", null),
        argumentSet("429 with Retry-After: 2", 429, StubResponse.json(429, error("rate_limit_error", null))
            .header("Retry-After", "2"), ErrorCode.RATE_LIMIT, "rate_limit_error", Duration.ofSeconds(2)),
        argumentSet("500 server error", 500, StubResponse.json(500, error("api_error", null)), ErrorCode.SERVER_ERROR,
            "api_error", null),
        argumentSet("503 overloaded, body not JSON", 503, StubResponse.text(503, "upstream unavailable"),
            ErrorCode.OVERLOADED, null, null),
        argumentSet("500 with no body", 500, StubResponse.status(500), ErrorCode.SERVER_ERROR, null, null));
  }

  @ParameterizedTest
  @MethodSource("errorStatuses")
  void classifiesErrorStatuses(int status, StubResponse reply, ErrorCode code, String providerCode, Duration retryAfter) {
    server.enqueue(reply.header("x-request-id", "req-42"));
    ChatModel model = model(sse());

    LlmException error = catchThrowableOfType(LlmException.class, () -> model.chat(ChatRequest.of("Hi")));

    assertThat(error).isNotNull();
    assertThat(error.code()).isEqualTo(code);
    assertThat(error.httpStatus()).hasValue(status);
    assertThat(error.providerCode()).isEqualTo(Optional.ofNullable(providerCode));
    assertThat(error.requestId()).contains("req-42");
    assertThat(error.retryAfter()).isEqualTo(Optional.ofNullable(retryAfter));
    assertThat(error.provider()).contains(ReferenceTranslator.PROVIDER);
    assertThat(error.model()).contains(MODEL);
  }

  @Test
  void truncatesAnErrorBodyLargerThan64KibButStillClassifiesIt() {
    String huge = "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"bad_param\",\"message\":\""
        + "x".repeat(200_000) + "\"}}";
    server.enqueue(StubResponse.json(400, huge));
    ChatModel model = model(sse());

    LlmException error = catchThrowableOfType(LlmException.class, () -> model.chat(ChatRequest.of("Hi")));

    // The cut body is no longer JSON, so the reference translator classifies it by status alone.
    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(error.httpStatus()).hasValue(400);
  }

  @Test
  void failsAnAnswerLargerThanMaxResponseBytesAsInvalidResponse() {
    server.enqueue(StubResponse.json(200, ANSWER));
    ChatModel model = model(sse(), HttpModelSettings.of(MODEL, ChatOptions.none(), MODEL_TIMEOUT, 64));

    assertThatThrownBy(() -> model.chat(ChatRequest.of("Hi")))
        .isInstanceOfSatisfying(LlmException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RESPONSE);
          assertThat(e.getMessage()).contains("64 bytes");
          assertThat(e.provider()).contains(ReferenceTranslator.PROVIDER);
          assertThat(e.model()).contains(MODEL);
        });
  }

  @Test
  void reportsARefusedConnectionAsNetwork() {
    StubServer gone = StubServer.start();
    ReferenceTranslator translator = ReferenceTranslator.sse(gone.uri());
    gone.close();
    ChatModel model = model(translator);

    assertThatThrownBy(() -> model.chat(ChatRequest.of("Hi")))
        .isInstanceOfSatisfying(LlmException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void timesOutWhenTheHeadersComeLaterThanTheCallsTimeout() {
    server.enqueue(StubResponse.json(200, ANSWER).delay(Duration.ofSeconds(3)));
    ChatModel model = model(sse());
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().timeout(Duration.ofMillis(200)).build()).build();

    long start = System.nanoTime();
    LlmException error = catchThrowableOfType(LlmException.class, () -> model.chat(request));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(error.getMessage()).contains("200 ms");
    assertThat(took).isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void interruptingAThreadBlockedInChatCancelsTheCallAndAbortsTheExchange() throws Exception {
    // A held-open stream keeps the server writing, so it notices when the client goes away.
    server.enqueue(StubResponse.sse().data("{\"type\":\"text\",\"text\":\"Hi\"}").holdOpen(Duration.ofSeconds(10)));
    ChatModel model = model(sse());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        model.chat(ChatRequest.of("Hi"));
      } catch (Throwable e) {
        thrown.set(e);
      }
      interrupted.set(Thread.currentThread().isInterrupted());
    });
    caller.start();
    server.takeRequest();

    caller.interrupt();
    caller.join(PATIENCE.toMillis());

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    assertThat(interrupted.get()).isTrue();
    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
  }

  @Test
  void cancellingTheFutureOfChatAsyncAbortsTheExchange() {
    server.enqueue(StubResponse.sse().data("{\"type\":\"text\",\"text\":\"Hi\"}").holdOpen(Duration.ofSeconds(10)));
    ChatModel model = model(sse());

    CompletableFuture<ChatResponse> call = model.chatAsync(ChatRequest.of("Hi"));
    server.takeRequest();
    boolean cancelled = call.cancel(true);

    assertThat(cancelled).isTrue();
    assertThat(call).isCancelled();
    assertThatThrownBy(() -> call.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
  }

  @Test
  void cancellingChatAsyncBeforeTheHeadersArriveAbortsTheExchange() throws Exception {
    server.enqueue(StubResponse.json(200, ANSWER).delay(Duration.ofMillis(500)));
    ChatModel model = model(sse());

    CompletableFuture<ChatResponse> call = model.chatAsync(ChatRequest.of("Hi"));
    RecordedRequest request = server.takeRequest();
    call.cancel(true);

    assertThat(call).isCancelled();
    // The server only learns of it when it writes; the whole reply is one write, so it may or may not fail there.
    assertThat(server.awaitOutcome(request, PATIENCE)).isPresent();
  }

  @Test
  void aShutDownSchedulerFailsTheCallInsteadOfLeavingItWithoutADeadline() {
    server.enqueue(StubResponse.json(200, ANSWER));
    scheduler.shutdownNow();
    ChatModel model = model(sse());

    assertThatThrownBy(() -> model.chat(ChatRequest.of("Hi"))).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
      assertThat(e.getMessage()).contains("scheduler");
    });
  }

  @Test
  void anEncodingFailureComesBackAsAFailedFuture() {
    ChatModel model = model(sse());
    ChatRequest request = ChatRequest.of(Message.user("Hi"),
        Message.toolResult(ToolCall.of("c-1", "weather", "{}"), "sunny"));

    CompletableFuture<ChatResponse> call = model.chatAsync(request);

    assertThat(call).isCompletedExceptionally();
    assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
      assertThat(e.model()).contains(MODEL);
    });
    assertThat(server.requestCount()).isZero();
  }

  static String error(String type, String code) {
    return "{\"error\":{\"type\":\"" + type + "\"" + (code == null ? "" : ",\"code\":\"" + code + "\"")
        + ",\"message\":\"something went wrong\"}}";
  }
}
