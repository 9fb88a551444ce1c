package ai.beluga.llms.middleware;

import ai.beluga.llms.providers.mock.Mock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.mock.MockReply;
import ai.beluga.llms.providers.mock.MockScript;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rate limiter over the mock provider. Timing bounds are generous (a loaded two-core CI machine): a lower bound
 * slightly under what the limit forces, and an upper bound far above it.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RateLimitingChatModelTest {
  private static final long SLACK_MS = 30;

  private final MockScript script = MockScript.create().fixedReply("ok");
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private ChatModel mock(LlmOption... options) {
    List<LlmOption> all = new ArrayList<>();
    all.add(LlmOption.retry(RetryPolicy.none()));
    all.addAll(List.of(options));
    return Mock.chatModel(MockConfig.builder().script(script).build(), all.toArray(new LlmOption[0]));
  }

  private RateLimiter.Builder manualTime() {
    return RateLimiter.builder().ticker(now::get);
  }

  @Test
  void spacesCallsAsConfigured() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(2, Duration.ofMillis(200)).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));

    long start = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      model.chat("call " + i);
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    // A burst of two, then one every 100 ms: the sixth call goes out 400 ms after the first.
    assertThat(elapsedMs).isGreaterThanOrEqualTo(400 - SLACK_MS).isLessThan(3_000);
    assertThat(script.requests()).hasSize(6);
  }

  @Test
  void theProviderSeesNoMoreThanTheLimitInAnyInterval() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(2, Duration.ofMillis(200)).build();
    List<Long> sent = Collections.synchronizedList(new ArrayList<>());
    ChatModel recording = new ForwardingChatModel(mock()) {
      @Override
      public ChatResponse chat(ChatRequest request) {
        sent.add(System.nanoTime());
        return super.chat(request);
      }
    };
    ChatModel model = new RateLimitingChatModel(recording, limiter);

    for (int i = 0; i < 6; i++) {
      model.chat("call " + i);
    }

    for (int i = 2; i < sent.size(); i++) {
      long gapMs = TimeUnit.NANOSECONDS.toMillis(sent.get(i) - sent.get(0));
      assertThat(gapMs).as("call %d after the first", i).isGreaterThanOrEqualTo((i - 1) * 100L - SLACK_MS);
    }
  }

  @Test
  void modelsBuiltWithTheSameLimiterShareIt() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(2, Duration.ofSeconds(10))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    ChatModel first = mock(LlmOption.rateLimiter(limiter));
    ChatModel second = mock(LlmOption.rateLimiter(limiter));

    first.chat("one");
    second.chat("two");

    assertThat(catchThrowableOfType(LlmException.class, () -> first.chat("three")).code())
        .isEqualTo(ErrorCode.RATE_LIMIT);
    assertThat(catchThrowableOfType(LlmException.class, () -> second.chat("four")).code())
        .isEqualTo(ErrorCode.RATE_LIMIT);
    assertThat(script.requests()).hasSize(2);
  }

  @Test
  void theLimiterSitsInsideTheUsersMiddleware() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(1, Duration.ofSeconds(10))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    Middleware cache = next -> new ForwardingChatModel(next) {
      @Override
      public ChatResponse chat(ChatRequest request) {
        return request.messages().get(0).equals(Message.user("cached")) ? ChatResponse.ofText("from cache")
            : super.chat(request);
      }
    };
    ChatModel model = mock(LlmOption.middleware(cache), LlmOption.rateLimiter(limiter));

    assertThat(model.chat("cached").text()).isEqualTo("from cache");
    assertThat(model.chat("cached").text()).isEqualTo("from cache");
    assertThat(model.chat("sent").text()).isEqualTo("ok");

    assertThat(catchThrowableOfType(LlmException.class, () -> model.chat("sent again")).code())
        .isEqualTo(ErrorCode.RATE_LIMIT);
  }

  @Test
  void failFastGivesRateLimitWithTheTimeUntilAPermit() {
    RateLimiter limiter = manualTime().requestsPerInterval(1, Duration.ofSeconds(1))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    model.chat("first");

    LlmException error = catchThrowableOfType(LlmException.class, () -> model.chat("second"));
    assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMIT);
    assertThat(error.retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(error.httpStatus()).isEmpty();
    assertThat(error.provider()).contains("mock");
    assertThat(error.getMessage()).contains("client-side rate limiter");

    now.addAndGet(Duration.ofMillis(400).toNanos());
    assertThat(catchThrowableOfType(LlmException.class, () -> model.chat("third")).retryAfter())
        .contains(Duration.ofMillis(600));

    now.addAndGet(Duration.ofMillis(600).toNanos());
    assertThat(model.chat("fourth").text()).isEqualTo("ok");
    assertThat(script.requests()).hasSize(2);
  }

  @Test
  void failFastWithTheDefaultRetryPolicyIsRetriedAfterTheHint() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(1, Duration.ofMillis(300))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    // The default retry layer sits outside the limiter and honours its retryAfter.
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build(), LlmOption.rateLimiter(limiter));
    model.chat("first");

    long start = System.nanoTime();
    assertThat(model.chat("second").text()).isEqualTo("ok");

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300 - SLACK_MS);
    assertThat(script.requests()).hasSize(2);
  }

  @Test
  void tokenEstimateIsCorrectedByTheReportedUsage() {
    RateLimiter limiter = manualTime().tokensPerInterval(100, Duration.ofSeconds(1))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    ChatRequest sixtyTokens = ChatRequest.builder().addMessage(Message.user("Hi!!"))
        .options(ChatOptions.builder().maxOutputTokens(59).build()).build();
    assertThat(RateLimiter.estimateTokens(sixtyTokens)).isEqualTo(60);

    // Used 10 of the 60 estimated: 50 come back, leaving 90.
    script.enqueue(MockReply.of(answer(Usage.of(1, 9))));
    model.chat(sixtyTokens);
    // Used 90 of the 60 estimated: 30 more are charged, leaving 0.
    script.enqueue(MockReply.of(answer(Usage.of(1, 89))));
    model.chat(sixtyTokens);

    LlmException error = catchThrowableOfType(LlmException.class, () -> model.chat(sixtyTokens));
    assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMIT);
    // 60 tokens at 100 per second.
    assertThat(error.retryAfter()).contains(Duration.ofMillis(600));
    assertThat(script.requests()).hasSize(2);
  }

  @Test
  void tokenBudgetWaitsWhenTheEstimateExceedsWhatIsLeft() {
    RateLimiter limiter = RateLimiter.builder().tokensPerInterval(100, Duration.ofMillis(500)).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("Hi!!"))
        .options(ChatOptions.builder().maxOutputTokens(49).build()).build();
    script.enqueue(MockReply.of(answer(Usage.of(1, 99))));
    model.chat(request);

    long start = System.nanoTime();
    model.chat(request);

    // The first call used the whole budget; the second's 50 tokens refill in 250 ms.
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(250 - SLACK_MS).isLessThan(3_000);
  }

  @Test
  void aCallLargerThanTheWholeBudgetWaitsForAFullBucketAndRuns() {
    RateLimiter limiter = manualTime().tokensPerInterval(100, Duration.ofSeconds(1))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    ChatRequest huge = ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().maxOutputTokens(1_000).build()).build();
    script.enqueue(MockReply.of(answer(Usage.of(1, 999))));

    assertThat(model.chat(huge).text()).isEqualTo("ok");
    // Now 900 in debt, plus a full bucket for the next huge call: 10 seconds.
    assertThat(catchThrowableOfType(LlmException.class, () -> model.chat(huge)).retryAfter())
        .contains(Duration.ofSeconds(10));
  }

  @Test
  void interruptWhileWaitingCancelsAndGivesThePermitBack() throws Exception {
    RateLimiter limiter = manualTime().requestsPerInterval(1, Duration.ofSeconds(10)).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    model.chat("first");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean flagSet = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        model.chat("second");
      } catch (Throwable e) {
        failure.set(e);
        flagSet.set(Thread.currentThread().isInterrupted());
      }
    });

    caller.start();
    Thread.sleep(100);
    caller.interrupt();
    caller.join(5_000);

    assertThat(failure.get()).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    assertThat(flagSet).isTrue();
    assertThat(script.requests()).hasSize(1);
    // The permit came back: after 10 s one permit is free again, not one behind a debt.
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(limiter.acquire(0, -1, "mock", "mock-model").waitNanos).isZero();
  }

  @Test
  void aWaitPastTheCallsDeadlineFailsAtOnceWithRateLimit() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(1, Duration.ofSeconds(10)).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    model.chat("first");
    ChatRequest hurried = ChatRequest.builder().addMessage(Message.user("second"))
        .options(ChatOptions.builder().timeout(Duration.ofSeconds(1)).build()).build();

    long start = System.nanoTime();
    LlmException error = catchThrowableOfType(LlmException.class, () -> model.chat(hurried));

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
    assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMIT);
    assertThat(error.retryAfter()).hasValueSatisfying(wait ->
        assertThat(wait).isGreaterThan(Duration.ofSeconds(8)).isLessThanOrEqualTo(Duration.ofSeconds(10)));
    assertThat(error.getMessage()).contains("deadline");
  }

  @Test
  void withRetriesOnAWaitPastTheDeadlineEndsWithTimeoutCausedByTheLimiter() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(1, Duration.ofSeconds(10)).build();
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build(), LlmOption.rateLimiter(limiter));
    model.chat("first");
    ChatRequest hurried = ChatRequest.builder().addMessage(Message.user("second"))
        .options(ChatOptions.builder().timeout(Duration.ofSeconds(1)).build()).build();

    long start = System.nanoTime();
    LlmException error = catchThrowableOfType(LlmException.class, () -> model.chat(hurried));

    // The retry layer sees that the limiter's hint passes the same deadline, and gives up at once.
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
    assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(error.getCause()).isInstanceOfSatisfying(LlmException.class,
        cause -> assertThat(cause.code()).isEqualTo(ErrorCode.RATE_LIMIT));
    assertThat(script.requests()).hasSize(1);
  }

  @Test
  void chatAsyncWaitsWithoutBlockingTheCaller() throws Exception {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(1, Duration.ofMillis(300)).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));

    long start = System.nanoTime();
    CompletableFuture<ChatResponse> first = model.chatAsync(ChatRequest.of("first"));
    CompletableFuture<ChatResponse> second = model.chatAsync(ChatRequest.of("second"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(250);

    assertThat(first.get(5, TimeUnit.SECONDS).text()).isEqualTo("ok");
    assertThat(second.get(5, TimeUnit.SECONDS).text()).isEqualTo("ok");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300 - SLACK_MS);
  }

  @Test
  void cancellingAWaitingChatAsyncNeverSendsItAndGivesThePermitBack() throws Exception {
    RateLimiter limiter = manualTime().requestsPerInterval(1, Duration.ofMillis(300)).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    model.chat("first");

    CompletableFuture<ChatResponse> waiting = model.chatAsync(ChatRequest.of("second"));
    assertThat(waiting.cancel(true)).isTrue();
    Thread.sleep(450);

    assertThatThrownBy(waiting::join).isInstanceOf(CancellationException.class);
    assertThat(script.requests()).hasSize(1);
    // The permit came back: with the ticker standing still, the next permit is one interval away, not two.
    assertThat(limiter.acquire(0, -1, "mock", "mock-model").waitNanos).isEqualTo(Duration.ofMillis(300).toNanos());
  }

  @Test
  void chatAsyncInFailFastFailsTheFuture() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(1, Duration.ofSeconds(10))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    model.chat("first");

    CompletableFuture<ChatResponse> refused = model.chatAsync(ChatRequest.of("second"));

    assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(LlmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT));
  }

  @Test
  void aStreamTakesItsPermitWhenConsumed() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(1, Duration.ofSeconds(10))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));

    ChatStream notYetConsumed = model.stream("later");
    assertThat(model.chat("now").text()).isEqualTo("ok");

    LlmException error = catchThrowableOfType(LlmException.class, notYetConsumed::collect);
    assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMIT);
    assertThat(script.requests()).hasSize(1);
  }

  @Test
  void aStreamHoldsAPermit() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(1, Duration.ofSeconds(10))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));

    try (ChatStream stream = model.stream("first")) {
      assertThat(stream.collect().text()).isEqualTo("ok");
    }

    assertThat(catchThrowableOfType(LlmException.class, () -> model.chat("second")).code())
        .isEqualTo(ErrorCode.RATE_LIMIT);
  }

  @Test
  void streamsWaitTheirTurn() {
    RateLimiter limiter = RateLimiter.builder().requestsPerInterval(1, Duration.ofMillis(300)).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));

    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      try (ChatStream stream = model.stream("stream " + i)) {
        assertThat(stream.collect().text()).isEqualTo("ok");
      }
    }

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(600 - SLACK_MS).isLessThan(3_000);
  }

  @Test
  void aStreamsReportedUsageCorrectsTheEstimate() {
    RateLimiter limiter = manualTime().tokensPerInterval(100, Duration.ofSeconds(1))
        .mode(RateLimiter.Mode.FAIL_FAST).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    script.enqueue(MockReply.of(answer(Usage.of(10, 80))));

    try (ChatStream stream = model.stream("Hi")) {
      assertThat(stream.collect().usage().totalTokens()).hasValue(90);
    }

    // 90 used, 10 left: an estimate of 20 must wait 100 ms.
    ChatRequest twenty = ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().maxOutputTokens(19).build()).build();
    assertThat(catchThrowableOfType(LlmException.class, () -> model.chat(twenty)).retryAfter())
        .contains(Duration.ofMillis(100));
  }

  @Test
  void closingAStreamWaitingForItsTurnGivesThePermitBack() throws Exception {
    RateLimiter limiter = manualTime().requestsPerInterval(1, Duration.ofMillis(300)).build();
    ChatModel model = mock(LlmOption.rateLimiter(limiter));
    model.chat("first");
    List<Object> seen = Collections.synchronizedList(new ArrayList<>());

    AtomicReference<java.util.concurrent.Flow.Subscription> held = new AtomicReference<>();

    ChatStream stream = model.stream("second");
    stream.toPublisher().subscribe(new java.util.concurrent.Flow.Subscriber<>() {
      @Override
      public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
        held.set(subscription);
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ai.beluga.llms.StreamEvent item) {
        seen.add(item);
      }

      @Override
      public void onError(Throwable throwable) {
        seen.add(throwable);
      }

      @Override
      public void onComplete() {
        seen.add("complete");
      }
    });
    Thread.sleep(50);
    held.get().cancel();
    Thread.sleep(400);

    assertThat(seen).isEmpty();
    assertThat(script.requests()).hasSize(1);
    // The permit came back: with the ticker standing still, the next permit is one interval away, not two.
    assertThat(limiter.acquire(0, -1, "mock", "mock-model").waitNanos).isEqualTo(Duration.ofMillis(300).toNanos());
  }

  @Test
  void estimatesTokensFromCharactersAndMaxOutputTokens() {
    ChatRequest request = ChatRequest.builder().addMessage(Message.system("12345678"))
        .addMessage(Message.user("1234")).options(ChatOptions.builder().maxOutputTokens(10).build()).build();

    assertThat(RateLimiter.estimateTokens(request)).isEqualTo(3 + 10);
    assertThat(RateLimiter.estimateTokens(ChatRequest.of("12345"))).isEqualTo(2);
  }

  @Test
  void aLimiterNeedsALimit() {
    assertThatThrownBy(() -> RateLimiter.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RateLimiter.builder().requestsPerInterval(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiter.builder().tokensPerInterval(10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ChatResponse answer(Usage usage) {
    return new ChatResponse(new Message.Assistant("ok", List.of(), List.of()), usage, FinishReason.STOP,
        Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }
}
