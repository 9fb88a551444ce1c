package ai.beluga.llms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.schema.JsonSchema;
import ai.beluga.schema.Message;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.ToolChoice;
import ai.beluga.schema.ToolDefinition;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChatRequestTest {
  private static final JsonSchema NO_ARGS = JsonSchema.of("{\"type\":\"object\",\"properties\":{}}");
  private static final ToolDefinition WEATHER = ToolDefinition.of("weather", "Current weather", NO_ARGS);
  private static final ToolDefinition CLOCK = ToolDefinition.of("clock", "Local time", NO_ARGS);

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        row("no messages", () -> ChatRequest.builder().build(), "at least one message"),
        row("no messages through of()", () -> ChatRequest.of(new Message[0]), "at least one message"),
        row("two tools with the same name", () -> ChatRequest.builder().addMessage(Message.user("hi"))
            .addTool(WEATHER).addTool(ToolDefinition.of("weather", "Another", NO_ARGS)).build(), "'weather'"),
        row("a named tool choice that is not among the tools", () -> ChatRequest.builder()
            .addMessage(Message.user("hi")).addTool(WEATHER).addTool(CLOCK).toolChoice(ToolChoice.tool("search"))
            .build(), "'search'"));
  }

  @ParameterizedTest
  @MethodSource("invalidRequests")
  void anInvalidRequestIsRejected(Supplier<ChatRequest> build, String expected) {
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expected);
  }

  @Test
  void aNamedToolChoiceAmongTheToolsIsAccepted() {
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("hi")).tools(List.of(WEATHER, CLOCK))
        .toolChoice(ToolChoice.tool("clock")).build();

    assertThat(request.toolChoice()).contains(ToolChoice.tool("clock"));
  }

  @Test
  void ofWrapsTextInAUserMessageWithNoOptions() {
    ChatRequest request = ChatRequest.of("hello");

    assertThat(request.messages()).containsExactly(Message.user("hello"));
    assertThat(request.tools()).isEmpty();
    assertThat(request.toolChoice()).isEmpty();
    assertThat(request.responseFormat()).isEmpty();
    assertThat(request.options()).isEqualTo(ChatOptions.none());
  }

  @Test
  void toBuilderRoundTripsEveryPart() {
    ChatRequest request = ChatRequest.builder().addMessage(Message.system("be brief"))
        .addMessage(Message.user("hi")).addTool(WEATHER).toolChoice(ToolChoice.required())
        .responseFormat(ResponseFormat.json()).options(ChatOptions.builder().seed(1).build()).build();

    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(request.withOptions(ChatOptions.none()).options()).isEqualTo(ChatOptions.none());
    assertThat(request.withOptions(ChatOptions.none()).tools()).containsExactly(WEATHER);
  }

  @Test
  void theListsAreCopiesThatCannotBeChanged() {
    java.util.ArrayList<Message> messages = new java.util.ArrayList<>(List.of(Message.user("a")));
    ChatRequest request = ChatRequest.builder().messages(messages).build();

    messages.add(Message.user("b"));

    assertThat(request.messages()).hasSize(1);
    assertThatThrownBy(() -> request.messages().add(Message.user("c")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static Arguments row(String name, Supplier<ChatRequest> build, String expected) {
    return Arguments.argumentSet(name, build, expected);
  }
}
