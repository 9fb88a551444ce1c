package ai.beluga.llms.testkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.middleware.RetryPolicy;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.llms.testkit.engine.Frames;
import ai.beluga.schema.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryOverHttpTest extends StubSupport {
  private static final RetryPolicy FAST = RetryPolicy.builder().initialDelay(Duration.ofMillis(20)).build();

  @Test
  void a429WithRetryAfterOneSecondWaitsAboutASecondThenSucceeds() {
    server.enqueue(StubResponse.json(429, error("rate_limit_error", null)).header("Retry-After", "1"));
    server.enqueue(StubResponse.json(200, ANSWER));

    long start = System.nanoTime();
    String text = model().chat("Hi").text();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(text).isEqualTo("Hello there");
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void theConfigsMaxRetriesSetsTheDefaultPolicyWhenNoRetryOptionIsGiven() {
    server.enqueue(StubResponse.json(503, error("api_error", null)));
    server.enqueue(StubResponse.json(200, ANSWER));
    ChatModel noRetries = ai.beluga.llms.assembly.Llms.wrap(ai.beluga.llms.spi.http.HttpProviders.chatModel(
        ai.beluga.llms.testkit.engine.ReferenceTranslator.sse(server.uri()),
        new ai.beluga.llms.spi.HttpModelSettings("ref-small", ChatOptions.none(), Duration.ofSeconds(10),
            ai.beluga.llms.spi.HttpModelSettings.DEFAULT_MAX_RESPONSE_BYTES, Duration.ofSeconds(10),
            java.util.OptionalInt.of(0)),
        new ai.beluga.llms.spi.ProviderContext(client, java.time.Clock.systemUTC(), scheduler)),
        LlmOption.scheduler(scheduler));

    LlmException error = catchThrowableOfType(LlmException.class, () -> noRetries.chat("Hi"));

    assertThat(error.code()).isEqualTo(ErrorCode.OVERLOADED);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void a401IsNeverRetried() {
    server.enqueue(StubResponse.json(401, error("authentication_error", null)));
    server.enqueue(StubResponse.json(200, ANSWER));

    LlmException error = catchThrowableOfType(LlmException.class, () -> model(LlmOption.retry(FAST)).chat("Hi"));

    assertThat(error.code()).isEqualTo(ErrorCode.AUTHENTICATION);
    assertThat(error.attempts()).isEqualTo(1);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void anOverloadSentAfter200BeforeAnyEventIsRetried() {
    server.enqueue(StubResponse.sse().data(Frames.error("overloaded", "Overloaded")));
    server.enqueue(Frames.sse(List.of(Frames.start("r-2", "ref-small"), Frames.text("Hello"), Frames.finish("stop")))
        .data(Frames.DONE));

    try (ChatStream stream = model(LlmOption.retry(FAST)).stream("Hi")) {
      assertThat(stream.collect().text()).isEqualTo("Hello");
    }
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void anOverloadSentAfterTheFirstEventIsNotRetried() {
    server.enqueue(StubResponse.sse().data(Frames.start("r-1", "ref-small")).data(Frames.text("Hel"))
        .data(Frames.error("overloaded", "Overloaded")));
    server.enqueue(StubResponse.json(200, ANSWER));

    try (ChatStream stream = model(LlmOption.retry(FAST)).stream("Hi")) {
      LlmException error = catchThrowableOfType(LlmException.class, stream::collect);
      assertThat(error.code()).isEqualTo(ErrorCode.OVERLOADED);
    }
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void aDeadlineOfTwoSecondsEndsACallWhoseRetriesWouldTakeLonger() {
    RetryPolicy patient = RetryPolicy.builder().maxAttempts(10).initialDelay(Duration.ofMillis(400))
        .jitter(RetryPolicy.Jitter.NONE).multiplier(1).build();
    for (int i = 0; i < 10; i++) {
      server.enqueue(StubResponse.json(503, error("api_error", null)).delay(Duration.ofMillis(300)));
    }
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().timeout(Duration.ofSeconds(2)).build()).build();

    long start = System.nanoTime();
    LlmException error = catchThrowableOfType(LlmException.class,
        () -> model(LlmOption.retry(patient)).chat(request));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(error.attempts()).isBetween(2, 4);
    assertThat(error.getSuppressed()).isNotEmpty();
    assertThat(took).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2500));
    assertThat(server.requestCount()).isLessThan(5);
  }

  @Test
  void chatAsyncRetriesAServerError() throws Exception {
    server.enqueue(StubResponse.json(500, error("api_error", null)));
    server.enqueue(StubResponse.json(200, ANSWER));
    ChatModel model = model(LlmOption.retry(FAST));

    assertThat(model.chatAsync(ChatRequest.of("Hi")).get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
        .text()).isEqualTo("Hello there");
    assertThat(server.requestCount()).isEqualTo(2);
  }
}
