package ai.beluga.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageTest {
  private static final ToolCall CALL = ToolCall.of("call_1", "get_weather", "{\"city\":\"Paris\"}");

  @Test
  void buildsEachRoleWithItsFactory() {
    assertThat(Message.system("Be terse.")).isEqualTo(new Message.System("Be terse."));
    assertThat(Message.user("Hi")).isEqualTo(new Message.User(List.of(ContentPart.text("Hi"))));
    assertThat(Message.assistant("Hello")).isEqualTo(new Message.Assistant("Hello", List.of(), List.of()));
    assertThat(Message.assistant("", List.of(CALL)).toolCalls()).containsExactly(CALL);
  }

  @Test
  void joinsOnlyTheTextPartsOfAUserMessage() {
    Message.User user = Message.user(
        ContentPart.text("What is "),
        ContentPart.imageUrl(URI.create("https://example.com/cat.png")),
        ContentPart.image(new byte[] {1, 2}, "image/png"),
        ContentPart.document(new byte[] {3}, "application/pdf"),
        ContentPart.text("in this picture?"));

    assertThat(user.text()).isEqualTo("What is in this picture?");
    assertThat(user.content()).hasSize(5);
  }

  @Test
  void givesEmptyTextForAUserMessageWithoutText() {
    assertThat(Message.user(ContentPart.imageUrl(URI.create("https://example.com/a.png"))).text()).isEmpty();
  }

  @Test
  void rejectsAUserMessageWithoutContent() {
    assertThatThrownBy(Message::user)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one content part");
    assertThatThrownBy(() -> new Message.User(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNullParts() {
    assertThatThrownBy(() -> Message.user((ContentPart) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Message.user((String) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Message.system(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void copiesTheUserContentList() {
    List<ContentPart> parts = new ArrayList<>(List.of(ContentPart.text("a")));
    Message.User user = new Message.User(parts);
    parts.add(ContentPart.text("b"));

    assertThat(user.content()).containsExactly(ContentPart.text("a"));
    assertThatThrownBy(() -> user.content().add(ContentPart.text("c")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copiesTheArrayPassedToUser() {
    ContentPart[] parts = {ContentPart.text("a")};
    Message.User user = Message.user(parts);
    parts[0] = ContentPart.text("changed");

    assertThat(user.text()).isEqualTo("a");
  }

  @Test
  void copiesTheAssistantLists() {
    List<ToolCall> calls = new ArrayList<>(List.of(CALL));
    List<Reasoning> reasoning = new ArrayList<>(List.of(Reasoning.of("think")));
    Message.Assistant assistant = new Message.Assistant("", reasoning, calls);
    calls.clear();
    reasoning.add(Reasoning.of("more"));

    assertThat(assistant.toolCalls()).containsExactly(CALL);
    assertThat(assistant.reasoning()).containsExactly(Reasoning.of("think"));
    assertThat(assistant.hasToolCalls()).isTrue();
  }

  @Test
  void joinsReadableReasoningAndSkipsRedactedBlocks() {
    Message.Assistant assistant = new Message.Assistant("42",
        List.of(Reasoning.of("First, "), Reasoning.redacted("opaque"), Reasoning.of("then.")), List.of());

    assertThat(assistant.reasoningText()).isEqualTo("First, then.");
    assertThat(Message.assistant("42").reasoningText()).isEmpty();
    assertThat(Message.assistant("42").hasToolCalls()).isFalse();
  }

  @Test
  void answersAToolCallKeepingItsIdAndName() {
    Message.ToolResult result = Message.toolResult(CALL, "{\"celsius\":21}");

    assertThat(result.toolCallId()).isEqualTo("call_1");
    assertThat(result.toolName()).contains("get_weather");
    assertThat(result.content()).isEqualTo("{\"celsius\":21}");
    assertThat(result.isError()).isFalse();
  }

  @Test
  void marksAToolErrorAsError() {
    Message.ToolResult result = Message.toolError(CALL, "city not found");

    assertThat(result.toolCallId()).isEqualTo("call_1");
    assertThat(result.toolName()).contains("get_weather");
    assertThat(result.content()).isEqualTo("city not found");
    assertThat(result.isError()).isTrue();
  }

  @Test
  void allowsAToolResultWithoutAName() {
    Message.ToolResult result = new Message.ToolResult("call_1", Optional.empty(), "ok", false);

    assertThat(result.toolName()).isEmpty();
  }

  @Test
  void isAClosedFamilyOfFourRoles() {
    assertThat(Message.class.getPermittedSubclasses()).containsExactlyInAnyOrder(
        Message.System.class, Message.User.class, Message.Assistant.class, Message.ToolResult.class);
  }
}
