package ai.beluga.llms;

import ai.beluga.llms.providers.mock.Mock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.mock.MockScript;
import ai.beluga.schema.JsonSchema;
import ai.beluga.schema.Message;
import ai.beluga.schema.ToolChoice;
import ai.beluga.schema.ToolDefinition;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ToolBoundChatModelTest {
  private static final JsonSchema CITY = JsonSchema.of(
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
  private static final ToolDefinition WEATHER = ToolDefinition.of("weather", "Current weather", CITY);
  private static final ToolDefinition CLOCK = ToolDefinition.of("clock", "Local time", CITY);
  private static final ToolDefinition OTHER_WEATHER = ToolDefinition.of("weather", "Weather, per call", CITY);

  private final MockScript script = MockScript.create();
  private final ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());

  @Test
  void addsTheBoundToolsToEveryKindOfCall() throws Exception {
    ChatModel bound = model.withTools(WEATHER, CLOCK);

    bound.chat("a");
    assertThat(script.lastRequest().orElseThrow().tools()).containsExactly(WEATHER, CLOCK);
    bound.chatAsync(ChatRequest.of("b")).get(5, TimeUnit.SECONDS);
    assertThat(script.lastRequest().orElseThrow().tools()).containsExactly(WEATHER, CLOCK);
    try (ChatStream stream = bound.stream("c")) {
      stream.collect();
    }
    assertThat(script.lastRequest().orElseThrow().tools()).containsExactly(WEATHER, CLOCK);
  }

  @Test
  void aRequestToolWithTheSameNameWins() {
    ChatModel bound = model.withTools(WEATHER, CLOCK);

    bound.chat(ChatRequest.builder().addMessage(Message.user("hi")).addTool(OTHER_WEATHER).build());

    assertThat(script.lastRequest().orElseThrow().tools()).containsExactly(OTHER_WEATHER, CLOCK);
  }

  @Test
  void bindingTwiceAccumulatesAndTheLaterBindingWinsOnANameClash() {
    ChatModel twice = model.withTools(WEATHER).withTools(CLOCK);
    ChatModel replaced = model.withTools(WEATHER, CLOCK).withTools(OTHER_WEATHER);

    twice.chat("a");
    assertThat(script.lastRequest().orElseThrow().tools()).containsExactly(WEATHER, CLOCK);
    replaced.chat("b");
    assertThat(script.lastRequest().orElseThrow().tools()).containsExactly(OTHER_WEATHER, CLOCK);
  }

  @Test
  void leavesTheOriginalModelUnchanged() {
    ChatModel bound = model.withTools(WEATHER);
    bound.chat("a");

    model.chat("b");

    assertThat(script.lastRequest().orElseThrow().tools()).isEmpty();
    assertThat(bound.provider()).isEqualTo(model.provider());
    assertThat(bound.model()).isEqualTo(model.model());
  }

  @Test
  void aRequestMayNameABoundToolItDoesNotCarryItself() {
    ChatModel bound = model.withTools(WEATHER, CLOCK);

    bound.chat(ChatRequest.builder().addMessage(Message.user("hi")).toolChoice(ToolChoice.tool("clock")).build());

    assertThat(script.lastRequest().orElseThrow().toolChoice()).contains(ToolChoice.tool("clock"));
    assertThatThrownBy(() -> bound.chat(ChatRequest.builder().addMessage(Message.user("hi"))
        .toolChoice(ToolChoice.tool("search")).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'search'");
  }
}
