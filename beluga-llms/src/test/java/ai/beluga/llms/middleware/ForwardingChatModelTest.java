package ai.beluga.llms.middleware;

import ai.beluga.llms.providers.mock.Mock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.BatchResult;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorClassifier;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.providers.mock.MockConfig;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForwardingChatModelTest {

  @Test
  void middlewareOverridingOnlyChatSeesAsynchronousCalls() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    ChatModel model = Mock.chatModel(MockConfig.builder().reply("hi").build(), LlmOptionsForTest.counting(seen));

    ChatResponse response = model.chatAsync(ChatRequest.of("hello")).get(5, TimeUnit.SECONDS);

    assertThat(response.text()).isEqualTo("hi");
    assertThat(seen).hasValue(1);
  }

  @Test
  void batchReportsACallThatFailsBeforeItStartsAsOneFailure() {
    ChatModel failingAtSubmit = new ForwardingChatModel(Mock.chatModel(MockConfig.builder().build())) {
      @Override
      public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        if (request.messages().size() == 2) {
          throw new LlmException(ErrorCode.INVALID_INPUT, "rejected before sending");
        }
        return super.chatAsync(request);
      }
    };
    ChatRequest bad = ChatRequest.of(ai.beluga.schema.Message.user("a"), ai.beluga.schema.Message.user("b"));

    List<BatchResult> results = failingAtSubmit.batch(List.of(ChatRequest.of("ok"), bad, ChatRequest.of("ok")), 2);

    assertThat(results).hasSize(3);
    assertThat(results.get(0).response()).isPresent();
    assertThat(results.get(1).error()).get().extracting(LlmException::code).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(results.get(2).response()).isPresent();
  }

  @Test
  void asyncFailureNamesTheProviderAndModel() {
    ChatModel broken = new ForwardingChatModel(Mock.chatModel(MockConfig.builder().model("m-1").build())) {
      @Override
      public ChatResponse chat(ChatRequest request) {
        throw new IllegalStateException("boom");
      }
    };

    assertThatThrownBy(() -> broken.chatAsync(ChatRequest.of("x")).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(LlmException.class, e -> {
          assertThat(e.provider()).contains("mock");
          assertThat(e.model()).contains("m-1");
        });
  }

  @Test
  void classifiesAConnectionFailureWrappedInUncheckedIoExceptionAsNetwork() {
    LlmException e = ErrorClassifier.fromThrowable(
        new UncheckedIOException(new ConnectException("refused")), "p", "m");

    assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
  }

  /** Builds the counting middleware option. */
  private static final class LlmOptionsForTest {
    static ai.beluga.llms.assembly.LlmOption counting(AtomicInteger seen) {
      return ai.beluga.llms.assembly.LlmOption.middleware(next -> new ForwardingChatModel(next) {
        @Override
        public ChatResponse chat(ChatRequest request) {
          seen.incrementAndGet();
          return super.chat(request);
        }
      });
    }
  }
}
