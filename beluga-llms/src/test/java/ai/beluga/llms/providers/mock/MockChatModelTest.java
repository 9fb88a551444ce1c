package ai.beluga.llms.providers.mock;

import ai.beluga.llms.middleware.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.LLM;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MockChatModelTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void chatReturnsTheScriptedReplyAndRecordsTheRequest() {
    MockScript script = MockScript.create().enqueueText("first").enqueueText("second");
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());

    assertThat(model.chat("one").text()).isEqualTo("first");
    assertThat(model.chat("two").text()).isEqualTo("second");
    assertThat(script.requests()).extracting(r -> ((Message.User) r.messages().get(0)).text())
        .containsExactly("one", "two");
    assertThat(script.remainingReplies()).isZero();
  }

  @Test
  void chatFillsInIdModelRawReasonAndEstimatedUsage() {
    ChatModel model = Mock.chatModel(MockConfig.builder().model("tiny").build());

    ChatResponse response = model.chat("How long is a piece of string?");

    assertThat(response.id()).hasValueSatisfying(id -> assertThat(id).startsWith("mock-"));
    assertThat(response.model()).contains("tiny");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.rawFinishReason()).contains("stop");
    assertThat(response.usage().inputTokens()).hasValue(8);
    assertThat(response.usage().outputTokens().getAsLong()).isPositive();
  }

  @Test
  void echoesTheLastUserMessageWhenNothingIsScripted() {
    ChatModel model = Mock.chatModel(MockConfig.builder().build());
    ChatRequest request = ChatRequest.of(Message.system("be brief"), Message.user("first"),
        Message.assistant("ok"), Message.user("second"));

    assertThat(model.chat(request).text()).isEqualTo("mock: second");
  }

  @Test
  void fixedReplyAnswersEveryRequestTheSame() {
    ChatModel model = Mock.chatModel(MockConfig.builder().reply("always this").build());

    assertThat(model.chat("a").text()).isEqualTo("always this");
    assertThat(model.chat("b").text()).isEqualTo("always this");
    try (ChatStream stream = model.stream("c")) {
      assertThat(stream.collect().text()).isEqualTo("always this");
    }
  }

  @Test
  void scriptedRepliesComeBeforeTheFixedReply() {
    MockScript script = MockScript.create().fixedReply("fallback").enqueueText("scripted");
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());

    assertThat(model.chat("a").text()).isEqualTo("scripted");
    assertThat(model.chat("b").text()).isEqualTo("fallback");
  }

  @Test
  void failWhenEmptyFailsWithInvalidInputThatSaysHowToFixIt() {
    MockScript script = MockScript.create().failWhenEmpty().enqueueText("only one");
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());
    model.chat("a");

    assertThatThrownBy(() -> model.chat("b")).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("request #2").contains("MockScript.enqueue");
    });
  }

  @Test
  void takeRequestReturnsRequestsInOrderAndTimesOutWhenNoneArrive() throws Exception {
    MockScript script = MockScript.create();
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());
    CompletableFuture<ChatResponse> later = model.chatAsync(ChatRequest.of("from another thread"));

    assertThat(((Message.User) script.takeRequest(WAIT).messages().get(0)).text()).isEqualTo("from another thread");
    later.get(5, TimeUnit.SECONDS);
    model.chat("second");
    assertThat(((Message.User) script.takeRequest(WAIT).messages().get(0)).text()).isEqualTo("second");

    assertThatThrownBy(() -> script.takeRequest(Duration.ofMillis(20))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no request");
  }

  @Test
  void recordedRequestCarriesTheDefaultOptionsMergedUnderTheCallsOwn() {
    MockScript script = MockScript.create();
    ChatOptions defaults = ChatOptions.builder().temperature(0.2).maxOutputTokens(100).build();
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).defaultOptions(defaults).build());

    model.chat(ChatRequest.builder().addMessage(Message.user("hi"))
        .options(ChatOptions.builder().maxOutputTokens(7).build()).build());

    ChatOptions sent = script.lastRequest().orElseThrow().options();
    assertThat(sent.temperature()).hasValue(0.2);
    assertThat(sent.maxOutputTokens()).hasValue(7);
  }

  @Test
  void scriptedFailureCarriesProviderModelAndStatus() {
    MockScript script = MockScript.create().enqueue(MockReply.failure(ErrorCode.AUTHENTICATION));
    ChatModel model = Mock.chatModel(MockConfig.builder().model("m1").script(script).build());

    assertThatThrownBy(() -> model.chat("hi")).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
      assertThat(e.provider()).contains("mock");
      assertThat(e.model()).contains("m1");
      assertThat(e.httpStatus()).hasValue(401);
      assertThat(e.getMessage()).contains("mock/m1").contains("HTTP 401");
    });
  }

  @Test
  void chatAsyncCompletesWithTheReply() throws Exception {
    MockScript script = MockScript.create().enqueueText("async answer");
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());

    assertThat(model.chatAsync(ChatRequest.of("hi")).get(5, TimeUnit.SECONDS).text()).isEqualTo("async answer");
  }

  @Test
  void chatAsyncCompletesExceptionallyWithTheScriptedFailure() {
    MockScript script = MockScript.create().enqueue(MockReply.failure(ErrorCode.OVERLOADED));
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build(), LlmOption.retry(RetryPolicy.none()));

    assertThatThrownBy(() -> model.chatAsync(ChatRequest.of("hi")).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED));
  }

  @Test
  void cancellingChatAsyncInterruptsTheCallAndFreesThePoolThread() throws Exception {
    MockScript script = MockScript.create()
        .enqueue(MockReply.text("never seen").withDelay(Duration.ofSeconds(30)))
        .enqueueText("second call");
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());

    CompletableFuture<ChatResponse> slow = model.chatAsync(ChatRequest.of("slow"));
    script.takeRequest(WAIT);
    awaitSomeThreadSleepingInTheMock(true);
    long start = System.nanoTime();
    assertThat(slow.cancel(true)).isTrue();

    assertThat(slow.isCancelled()).isTrue();
    assertThatThrownBy(() -> slow.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    awaitSomeThreadSleepingInTheMock(false);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(model.chatAsync(ChatRequest.of("again")).get(5, TimeUnit.SECONDS).text()).isEqualTo("second call");
  }

  @Test
  void chatTimesOutQuicklyWhenTheReplyIsLaterThanTheCallTimeout() {
    MockScript script = MockScript.create().enqueue(MockReply.text("late").withDelay(Duration.ofSeconds(5)));
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("hi"))
        .options(ChatOptions.builder().timeout(Duration.ofMillis(50)).build()).build();

    long start = System.nanoTime();
    assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
      assertThat(e.provider()).contains("mock");
      assertThat(e.getMessage()).contains("50 ms");
    });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aReplyWithinTheTimeoutIsNotCutShort() {
    MockScript script = MockScript.create().enqueue(MockReply.text("in time").withDelay(Duration.ofMillis(10)));
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("hi"))
        .options(ChatOptions.builder().timeout(Duration.ofSeconds(5)).build()).build();

    assertThat(model.chat(request).text()).isEqualTo("in time");
  }

  @Test
  void generateWorksThroughTheMockAsAPlainLlm() {
    LLM llm = Mock.chatModel(MockConfig.builder().model("plain").build());

    assertThat(llm.generate("Say hello")).isEqualTo("mock: Say hello");
    assertThat(llm.provider()).isEqualTo("mock");
    assertThat(llm.model()).isEqualTo("plain");
  }

  @Test
  void checkHealthReportsTheScriptedState() {
    MockScript script = MockScript.create().health(HealthStatus.State.DEGRADED, ErrorCode.RATE_LIMIT);
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());

    HealthStatus status = model.checkHealth();

    assertThat(status.state()).isEqualTo(HealthStatus.State.DEGRADED);
    assertThat(status.errorCode()).contains(ErrorCode.RATE_LIMIT);
    assertThat(status.isHealthy()).isFalse();
  }

  @Test
  void healthCheckOnCreateFailsWithTheScriptedCode() {
    MockScript script = MockScript.create().health(HealthStatus.State.UNHEALTHY, ErrorCode.AUTHENTICATION);
    MockConfig config = MockConfig.builder().script(script).build();

    assertThatThrownBy(() -> Mock.chatModel(config, LlmOption.Flag.CHECK_HEALTH_ON_CREATE))
        .isInstanceOfSatisfying(LlmException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
          assertThat(e.provider()).contains("mock");
          assertThat(e.getMessage()).contains("health check");
        });
    // Without the flag nothing is probed at creation: the model is built, and only an explicit check sees the state.
    HealthStatus unchecked = Mock.chatModel(config).checkHealth();
    assertThat(unchecked.state()).isEqualTo(HealthStatus.State.UNHEALTHY);
    assertThat(unchecked.errorCode()).hasValue(ErrorCode.AUTHENTICATION);
  }

  @Test
  void healthCheckOnCreatePassesForAHealthyOrDegradedModel() {
    MockScript degraded = MockScript.create().health(HealthStatus.State.DEGRADED, ErrorCode.RATE_LIMIT);

    assertThat(Mock.chatModel(MockConfig.builder().build(), LlmOption.Flag.CHECK_HEALTH_ON_CREATE).chat("hi").text())
        .isEqualTo("mock: hi");
    ChatModel degradedModel = Mock.chatModel(MockConfig.builder().script(degraded).build(),
        LlmOption.Flag.CHECK_HEALTH_ON_CREATE);
    assertThat(degradedModel.checkHealth().state()).isEqualTo(HealthStatus.State.DEGRADED);
    assertThat(degradedModel.chat("hi").text()).isEqualTo("mock: hi");
  }

  @Test
  void mockReplyRejectsAReplyWithNothingInIt() {
    assertThatThrownBy(() -> new MockReply(java.util.Optional.empty(), java.util.Optional.empty(), -1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MockReply.failure(ErrorCode.NETWORK).failingAfter(1, ErrorCode.NETWORK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MockReply.text("x").withDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Polls the live threads until one is (or none is) sleeping inside the mock's scripted delay. */
  private static void awaitSomeThreadSleepingInTheMock(boolean expected) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (isSomeThreadSleepingInTheMock() != expected) {
      assertThat(System.nanoTime())
          .as(expected ? "a thread starts sleeping in the mock" : "no thread is left sleeping in the mock")
          .isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static boolean isSomeThreadSleepingInTheMock() {
    return Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack)
        .anyMatch(frame -> frame.getClassName().equals(MockChatModel.class.getName())
            && frame.getMethodName().equals("sleep")));
  }
}
