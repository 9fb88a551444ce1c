package ai.beluga.llms.testkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.llms.testkit.engine.Frames;
import ai.beluga.schema.Message;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamIdleTimeoutTest extends StubSupport {

  private static ChatRequest withIdleTimeout(Duration idle) {
    return ChatRequest.builder().addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().streamIdleTimeout(idle).build()).build();
  }

  @Test
  void aSilentStreamEndsWithTimeoutAndClosesTheConnection() {
    server.enqueue(StubResponse.sse().data(Frames.start("r-1", "ref-small")).data(Frames.text("Hel"))
        .data(Frames.text("lo"), Duration.ofSeconds(2)).data(Frames.finish("stop")).data(Frames.DONE));

    long start = System.nanoTime();
    try (ChatStream stream = model().stream(withIdleTimeout(Duration.ofMillis(500)))) {
      LlmException error = catchThrowableOfType(LlmException.class, stream::collect);
      assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
      assertThat(error.getMessage()).contains("idle timeout");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1800));
    assertThat(server.awaitClientDisconnect(PATIENCE)).isTrue();
    assertThat(server.requestCount()).as("not retried after the first event").isEqualTo(1);
  }

  @Test
  void aStreamThatKeepsTalkingOutlivesItsIdleTimeout() {
    server.enqueue(StubResponse.sse().data(Frames.start("r-1", "ref-small"))
        .data(Frames.text("a"), Duration.ofMillis(300)).data(Frames.text("b"), Duration.ofMillis(300))
        .data(Frames.text("c"), Duration.ofMillis(300)).data(Frames.finish("stop")).data(Frames.DONE));

    try (ChatStream stream = model().stream(withIdleTimeout(Duration.ofMillis(700)))) {
      assertThat(stream.collect().text()).isEqualTo("abc");
    }
  }
}
