package ai.beluga.llms;

import ai.beluga.llms.providers.mock.Mock;
import ai.beluga.llms.internal.AsyncCalls;
import ai.beluga.llms.middleware.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.BatchResult;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.middleware.ForwardingChatModel;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.mock.MockReply;
import ai.beluga.llms.providers.mock.MockScript;
import ai.beluga.schema.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class BatchesTest {

  @Test
  void returnsEveryResultOrErrorInRequestOrder() {
    MockScript script = MockScript.create()
        .enqueueText("zero")
        .enqueue(MockReply.failure(ErrorCode.RATE_LIMIT))
        .enqueueText("two")
        .enqueue(MockReply.failure(ErrorCode.CONTENT_FILTERED))
        .enqueueText("four");
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build(), LlmOption.retry(RetryPolicy.none()));

    List<BatchResult> results = model.batch(requests(5), 1);

    assertThat(results).extracting(BatchResult::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(results.get(0).responseOrThrow().text()).isEqualTo("zero");
    assertThat(results.get(1).error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT));
    assertThat(results.get(2).response()).hasValueSatisfying(r -> assertThat(r.text()).isEqualTo("two"));
    assertThat(results.get(3).error())
        .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_FILTERED));
    assertThat(results.get(3).response()).isEmpty();
    assertThatThrownBy(results.get(3)::responseOrThrow).isInstanceOf(LlmException.class);
    assertThat(results.get(4).responseOrThrow().text()).isEqualTo("four");
  }

  @Test
  void keepsRequestOrderWhenLaterRequestsFinishFirst() {
    // Each request says how long to take and whether to fail, so the answer does not depend on which pool thread
    // reaches the script first.
    ChatModel model = Mock.chatModel(MockConfig.builder().build(),
        LlmOption.middleware(next -> new PromptDrivenModel(next)));
    List<ChatRequest> requests = List.of(
        ChatRequest.of("60 ok a"), ChatRequest.of("40 fail b"), ChatRequest.of("20 ok c"),
        ChatRequest.of("0 fail d"), ChatRequest.of("0 ok e"));

    List<BatchResult> results = model.batch(requests, 4);

    assertThat(results).extracting(BatchResult::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(results).extracting(r -> r.response().map(ChatResponse::text).orElse("error"))
        .containsExactly("mock: 60 ok a", "error", "mock: 20 ok c", "error", "mock: 0 ok e");
    assertThat(results.get(1).error()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("40 fail b"));
  }

  static Stream<Arguments> limits() {
    return Stream.of(
        Arguments.argumentSet("one at a time", 1),
        Arguments.argumentSet("two at a time", 2),
        Arguments.argumentSet("three at a time", 3));
  }

  @ParameterizedTest
  @MethodSource("limits")
  void neverRunsMoreThanMaxConcurrencyCallsAtOnce(int limit) {
    MockScript script = MockScript.create();
    for (int i = 0; i < 8; i++) {
      script.enqueue(MockReply.text("answer").withDelay(Duration.ofMillis(30)));
    }
    InFlightCounter counter = new InFlightCounter(Mock.chatModel(MockConfig.builder().script(script).build()));

    List<BatchResult> results = counter.batch(requests(8), limit);

    assertThat(results).hasSize(8).allSatisfy(r -> assertThat(r.response()).isPresent());
    assertThat(counter.maxInFlight.get()).isLessThanOrEqualTo(limit);
    if (limit > 1) {
      assertThat(counter.maxInFlight.get()).as("calls overlap").isGreaterThan(1);
    }
    assertThat(counter.inFlight.get()).isZero();
  }

  @Test
  void theDefaultBatchRunsAtMostFourAtOnce() {
    MockScript script = MockScript.create();
    for (int i = 0; i < 10; i++) {
      script.enqueue(MockReply.text("answer").withDelay(Duration.ofMillis(20)));
    }
    InFlightCounter counter = new InFlightCounter(Mock.chatModel(MockConfig.builder().script(script).build()));

    assertThat(counter.batch(requests(10))).hasSize(10);
    assertThat(counter.maxInFlight.get()).isLessThanOrEqualTo(ChatModel.DEFAULT_BATCH_CONCURRENCY);
  }

  @Test
  void anEmptyBatchGivesAnEmptyList() {
    assertThat(Mock.chatModel(MockConfig.builder().build()).batch(List.of(), 2)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("badLimits")
  void rejectsAMaxConcurrencyBelowOne(int limit) {
    ChatModel model = Mock.chatModel(MockConfig.builder().build());

    assertThatThrownBy(() -> model.batch(requests(2), limit)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrency");
  }

  static Stream<Arguments> badLimits() {
    return Stream.of(Arguments.argumentSet("zero", 0), Arguments.argumentSet("negative", -3));
  }

  private static List<ChatRequest> requests(int count) {
    return IntStream.range(0, count).mapToObj(i -> ChatRequest.of("request " + i)).toList();
  }

  /** Counts calls between their start and the completion of their future. */
  private static final class InFlightCounter extends ForwardingChatModel {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    InFlightCounter(ChatModel delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      return super.chatAsync(request).whenComplete((response, failure) -> inFlight.decrementAndGet());
    }
  }

  /** Reads "millis ok|fail label" from the prompt: waits that long, then answers or fails. */
  private static final class PromptDrivenModel extends ForwardingChatModel {
    PromptDrivenModel(ChatModel delegate) {
      super(delegate);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      String prompt = ((Message.User) request.messages().get(0)).text();
      String[] parts = prompt.split(" ");
      try {
        Thread.sleep(Long.parseLong(parts[0]));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException(ErrorCode.CANCELLED, "interrupted");
      }
      if (parts[1].equals("fail")) {
        throw new LlmException(ErrorCode.SERVER_ERROR, "scripted failure for " + prompt);
      }
      return super.chat(request);
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
      return AsyncCalls.supply(() -> chat(request));
    }
  }
}
