package ai.beluga.llms.assembly;

import ai.beluga.llms.providers.mock.Mock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.middleware.ForwardingChatModel;
import ai.beluga.llms.middleware.Middleware;
import ai.beluga.llms.providers.mock.MockConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ModelAssemblyTest {
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @Test
  void theFirstMiddlewareListedIsTheOutermost() {
    ChatModel model = Mock.chatModel(MockConfig.builder().build(),
        LlmOption.middleware(recording("first"), recording("second")), LlmOption.middleware(recording("third")));

    model.chat("hi");
    try (ChatStream stream = model.stream("hi")) {
      stream.collect();
    }

    assertThat(calls).containsExactly(
        "first chat in", "second chat in", "third chat in", "third chat out", "second chat out", "first chat out",
        "first stream", "second stream", "third stream");
  }

  @Test
  void wrapAppliesMiddlewareToAnyModel() {
    ChatModel model = Llms.wrap(Mock.chatModel(MockConfig.builder().build()), LlmOption.middleware(recording("only")));

    assertThat(model.chat("hi").text()).isEqualTo("mock: hi");
    assertThat(calls).containsExactly("only chat in", "only chat out");
  }

  @Test
  void middlewareThatReturnsNullIsNamedInTheError() {
    Middleware broken = next -> null;

    assertThatThrownBy(() -> Mock.chatModel(MockConfig.builder().build(), LlmOption.middleware(broken)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned null");
  }

  @Test
  void aNullOptionIsRejected() {
    assertThatThrownBy(() -> Mock.chatModel(MockConfig.builder().build(), (LlmOption) null))
        .isInstanceOf(NullPointerException.class);
  }

  private Middleware recording(String name) {
    return next -> new ForwardingChatModel(next) {
      @Override
      public ChatResponse chat(ChatRequest request) {
        calls.add(name + " chat in");
        try {
          return super.chat(request);
        } finally {
          calls.add(name + " chat out");
        }
      }

      @Override
      public ChatStream stream(ChatRequest request) {
        calls.add(name + " stream");
        return super.stream(request);
      }
    };
  }
}
