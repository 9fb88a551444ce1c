package ai.beluga.llms.middleware;

import ai.beluga.llms.providers.mock.Mock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.mock.MockReply;
import ai.beluga.llms.providers.mock.MockScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryingChatModelTest {
  private static final RetryPolicy FAST = RetryPolicy.builder()
      .initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(40)).build();

  private final MockScript script = MockScript.create().failWhenEmpty();

  private ChatModel model(RetryPolicy policy) {
    return Mock.chatModel(MockConfig.builder().script(script).build(), LlmOption.retry(policy));
  }

  @Test
  void retriesARetryableFailureAndSucceeds() {
    script.enqueue(MockReply.failure(ErrorCode.OVERLOADED)).enqueue(MockReply.failure(ErrorCode.SERVER_ERROR))
        .enqueueText("Hello");

    assertThat(model(FAST).chat("Hi").text()).isEqualTo("Hello");
    assertThat(script.requests()).hasSize(3);
  }

  @Test
  void neverRetriesANonRetryableCode() {
    script.enqueue(MockReply.failure(ErrorCode.AUTHENTICATION)).enqueueText("never");

    LlmException error = catchThrowableOfType(LlmException.class, () -> model(FAST).chat("Hi"));

    assertThat(error.code()).isEqualTo(ErrorCode.AUTHENTICATION);
    assertThat(error.attempts()).isEqualTo(1);
    assertThat(script.requests()).hasSize(1);
  }

  @Test
  void theFinalErrorCountsAttemptsAndKeepsEarlierOnesSuppressed() {
    script.enqueue(MockReply.failure(ErrorCode.OVERLOADED)).enqueue(MockReply.failure(ErrorCode.NETWORK))
        .enqueue(MockReply.failure(ErrorCode.RATE_LIMIT)).enqueueText("too late");

    LlmException error = catchThrowableOfType(LlmException.class, () -> model(FAST).chat("Hi"));

    assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMIT);
    assertThat(error.attempts()).isEqualTo(3);
    assertThat(error.getMessage()).endsWith("failed after 3 attempts");
    assertThat(error.getSuppressed()).extracting(e -> ((LlmException) e).code())
        .containsExactly(ErrorCode.OVERLOADED, ErrorCode.NETWORK);
  }

  @Test
  void tellsTheListenerOfEachRetry() {
    List<String> seen = new ArrayList<>();
    RetryPolicy policy = FAST.toBuilder().listener((attempt, delay, error) -> seen.add(attempt + ":" + error.code()))
        .build();
    script.enqueue(MockReply.failure(ErrorCode.OVERLOADED)).enqueue(MockReply.failure(ErrorCode.TIMEOUT))
        .enqueueText("ok");

    model(policy).chat("Hi");

    assertThat(seen).containsExactly("1:OVERLOADED", "2:TIMEOUT");
  }

  @Test
  void noneSwitchesRetriesOff() {
    script.enqueue(MockReply.failure(ErrorCode.OVERLOADED)).enqueueText("never");

    LlmException error = catchThrowableOfType(LlmException.class, () -> model(RetryPolicy.none()).chat("Hi"));

    assertThat(error.code()).isEqualTo(ErrorCode.OVERLOADED);
    assertThat(script.requests()).hasSize(1);
  }

  @Test
  void aRetryHintLongerThanTheCapIsNotRetried() {
    LlmException limited = LlmException.builder(ErrorCode.RATE_LIMIT, "slow down").retryAfter(Duration.ofHours(1))
        .build();
    script.enqueue(MockReply.failure(limited)).enqueueText("never");

    LlmException error = catchThrowableOfType(LlmException.class, () -> model(FAST).chat("Hi"));

    assertThat(error.retryAfter()).contains(Duration.ofHours(1));
    assertThat(script.requests()).hasSize(1);
  }

  @Test
  void theDeadlineCoversEveryAttemptAndNeverSleepsPastIt() {
    LlmException limited = LlmException.builder(ErrorCode.RATE_LIMIT, "slow down").retryAfter(Duration.ofSeconds(5))
        .build();
    script.enqueue(MockReply.failure(ErrorCode.OVERLOADED).withDelay(Duration.ofMillis(50)))
        .enqueue(MockReply.failure(limited)).enqueueText("never");
    ChatRequest request = ChatRequest.builder().addMessage(ai.beluga.schema.Message.user("Hi"))
        .options(ChatOptions.builder().timeout(Duration.ofSeconds(1)).build()).build();

    long start = System.nanoTime();
    LlmException error = catchThrowableOfType(LlmException.class, () -> model(FAST).chat(request));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(error.getCause()).isInstanceOfSatisfying(LlmException.class,
        cause -> assertThat(cause.code()).isEqualTo(ErrorCode.RATE_LIMIT));
    assertThat(error.getSuppressed()).hasSize(1);
    assertThat(took).isLessThan(Duration.ofSeconds(1));
    assertThat(script.requests().get(1).options().timeout().orElseThrow()).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void chatAsyncRetriesWithoutBlocking() throws Exception {
    script.enqueue(MockReply.failure(ErrorCode.OVERLOADED)).enqueueText("Hello");

    CompletableFuture<?> future = model(FAST).chatAsync(ChatRequest.of("Hi"));

    assertThat(future.get(5, TimeUnit.SECONDS)).extracting(r -> ((ai.beluga.llms.ChatResponse) r).text())
        .isEqualTo("Hello");
    assertThat(script.requests()).hasSize(2);
  }

  @Test
  void cancellingChatAsyncStopsTheRetries() throws Exception {
    RetryPolicy slow = RetryPolicy.builder().initialDelay(Duration.ofMillis(300)).jitter(RetryPolicy.Jitter.NONE)
        .build();
    script.enqueue(MockReply.failure(ErrorCode.OVERLOADED)).enqueueText("never");

    CompletableFuture<?> future = model(slow).chatAsync(ChatRequest.of("Hi"));
    script.takeRequest(Duration.ofSeconds(5));
    future.cancel(true);
    Thread.sleep(500);

    assertThat(future).isCancelled();
    assertThat(script.requests()).hasSize(1);
  }

  @Test
  void anInterruptDuringTheWaitIsCancelled() {
    RetryPolicy slow = RetryPolicy.builder().initialDelay(Duration.ofSeconds(5)).jitter(RetryPolicy.Jitter.NONE)
        .build();
    script.enqueue(MockReply.failure(ErrorCode.OVERLOADED)).enqueueText("never");
    Thread caller = Thread.currentThread();
    new Thread(() -> {
      try {
        script.takeRequest(Duration.ofSeconds(5));
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
      caller.interrupt();
    }).start();

    LlmException error = catchThrowableOfType(LlmException.class, () -> model(slow).chat("Hi"));

    assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aStreamIsRetriedBeforeItsFirstEvent() {
    script.enqueue(MockReply.text("lost").failingAfter(0, ErrorCode.OVERLOADED)).enqueueText("Hello there");

    try (ChatStream stream = model(FAST).stream("Hi")) {
      assertThat(stream.collect().text()).isEqualTo("Hello there");
    }
    assertThat(script.requests()).hasSize(2);
  }

  @Test
  void aStreamIsNotRetriedAfterItsFirstEvent() {
    script.enqueue(MockReply.text("Hello there").failingAfter(1, ErrorCode.OVERLOADED)).enqueueText("never");

    try (ChatStream stream = model(FAST).stream("Hi")) {
      LlmException error = catchThrowableOfType(LlmException.class, stream::collect);
      assertThat(error.code()).isEqualTo(ErrorCode.OVERLOADED);
    }
    assertThat(script.requests()).hasSize(1);
  }

  @Test
  void jitteredBackoffStaysUnderTheCappedExponential() {
    RetryPolicy policy = RetryPolicy.defaults();
    LlmException error = new LlmException(ErrorCode.OVERLOADED, "busy");

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(10)).isEqualTo(Duration.ofSeconds(8));
    for (int i = 0; i < 100; i++) {
      assertThat(policy.delayBefore(2, error)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    }
  }
}
