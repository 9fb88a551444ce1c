package ai.beluga.llms.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.flow.EventChannel;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.middleware.RetryPolicy;
import ai.beluga.llms.spi.CallDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A provider built on something other than the HTTP engine (as Bedrock is, on the AWS SDK) gets, through the public
 * SPI alone ({@link CallDefaults}, {@link EventChannel}, {@link ModelAssembly}), what the HTTP providers get: its
 * config's retries, its call timeout as the deadline across retries, and streams that honour demand and cancellation.
 */
@Timeout(20)
class ModelOutsideTheEngineTest {

  @Test
  void theStackRetriesAsOftenAsTheModelsConfigAsks() {
    SdkModel sdk = new SdkModel(Duration.ofSeconds(30), OptionalInt.of(2));
    // No LlmOption.retry: the attempts come from the model's config (2 retries), with the default backoff.
    ChatModel model = ModelAssembly.of().assemble(sdk);

    assertThatThrownBy(() -> model.chat("hi")).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED));
    assertThat(sdk.calls).hasValue(3);
  }

  @Test
  void theModelsCallTimeoutIsTheDeadlineAcrossRetries() {
    // Each attempt fails at once; the default backoff (500 ms doubling) would outlast a 300 ms deadline.
    SdkModel sdk = new SdkModel(Duration.ofMillis(300), OptionalInt.of(10));
    ChatModel model = ModelAssembly.of().assemble(sdk);

    assertThatThrownBy(() -> model.chat("hi")).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
    assertThat(sdk.calls.get()).isLessThan(11);
  }

  @Test
  void aPushedStreamHonoursDemandAndCancellationThroughTheWholeStack() throws Exception {
    SdkModel sdk = new SdkModel(Duration.ofSeconds(30), OptionalInt.of(0));
    ChatModel model = ModelAssembly.of(LlmOption.retry(RetryPolicy.defaults())).assemble(sdk);
    List<StreamEvent> received = new ArrayList<>();
    Flow.Subscription[] subscription = new Flow.Subscription[1];

    model.stream("hi").toPublisher().subscribe(new Flow.Subscriber<StreamEvent>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription[0] = s;
        s.request(2);
      }

      @Override
      public void onNext(StreamEvent item) {
        received.add(item);
      }

      @Override
      public void onError(Throwable throwable) {}

      @Override
      public void onComplete() {}
    });

    assertThat(received).hasSize(2);
    assertThat(sdk.produced.get()).as("the producer was asked for no more than the demand").isLessThanOrEqualTo(2);
    subscription[0].cancel();
    assertThat(sdk.aborted).isTrue();
  }

  /** A model as a vendor SDK provider would write it: its own ChatModel, CallDefaults, and an EventChannel. */
  private static final class SdkModel implements ChatModel, CallDefaults {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger produced = new AtomicInteger();
    final AtomicBoolean aborted = new AtomicBoolean();
    private final Duration timeout;
    private final OptionalInt retries;

    SdkModel(Duration timeout, OptionalInt retries) {
      this.timeout = timeout;
      this.retries = retries;
    }

    @Override
    public Duration callTimeout() {
      return timeout;
    }

    @Override
    public OptionalInt maxRetries() {
      return retries;
    }

    @Override
    public String provider() {
      return "sdk";
    }

    @Override
    public String model() {
      return "sdk-model";
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      calls.incrementAndGet();
      throw LlmException.builder(ErrorCode.OVERLOADED, "the SDK said it is overloaded").provider("sdk").build();
    }

    @Override
    public ChatStream stream(ChatRequest request) {
      return ChatStream.of(subscriber -> {
        EventChannel<StreamEvent> channel = new EventChannel<>(subscriber);
        channel.start(new EventChannel.Upstream() {
          @Override
          public void onDemand() {
            // An endless SDK stream: produce only while the subscriber wants more.
            while (channel.hasDemand() && !channel.isCancelled()) {
              produced.incrementAndGet();
              channel.push(new StreamEvent.TextDelta("x"));
            }
          }

          @Override
          public void onCancel() {
            aborted.set(true);
          }
        });
      });
    }

    @Override
    public HealthStatus checkHealth() {
      return HealthStatus.healthy(Duration.ZERO, Instant.now());
    }
  }
}
