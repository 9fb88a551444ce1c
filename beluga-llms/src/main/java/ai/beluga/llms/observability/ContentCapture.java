package ai.beluga.llms.observability;

import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.internal.Json;
import ai.beluga.schema.ContentPart;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolDefinition;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the conversation onto a span as the conventions' JSON message schema (content capture, off by default).
 * Each text is cut to {@link #MAX_TEXT_CHARS} characters and marked as cut; inline images and documents are described
 * (modality, media type) but their bytes are never recorded. Stateless.
 */
final class ContentCapture {
  /** The cap on each text part, so that one long prompt cannot blow up a span exporter's batch. */
  static final int MAX_TEXT_CHARS = 8 * 1024;
  static final String CUT_MARK = "…[truncated]";

  private static final AttributeKey<String> INPUT = AttributeKey.stringKey(GenAiNames.INPUT_MESSAGES);
  private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey(GenAiNames.OUTPUT_MESSAGES);
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey(GenAiNames.SYSTEM_INSTRUCTIONS);
  private static final AttributeKey<String> TOOLS = AttributeKey.stringKey(GenAiNames.TOOL_DEFINITIONS);

  private ContentCapture() {}

  static void recordRequest(Span span, ChatRequest request) {
    ArrayNode system = Json.MAPPER.createArrayNode();
    ArrayNode input = Json.MAPPER.createArrayNode();
    for (Message message : request.messages()) {
      if (message instanceof Message.System) {
        system.add(text(((Message.System) message).text()));
      } else if (message instanceof Message.User) {
        ObjectNode node = message("user", input);
        for (ContentPart part : ((Message.User) message).content()) {
          node.withArray("parts").add(part(part));
        }
      } else if (message instanceof Message.Assistant) {
        assistantParts(message("assistant", input).withArray("parts"), (Message.Assistant) message);
      } else if (message instanceof Message.ToolResult) {
        Message.ToolResult result = (Message.ToolResult) message;
        ObjectNode part = Json.MAPPER.createObjectNode().put("type", "tool_call_response")
            .put("id", result.toolCallId()).put("response", cut(result.content()));
        message("tool", input).withArray("parts").add(part);
      }
    }
    span.setAttribute(INPUT, input.toString());
    if (!system.isEmpty()) {
      span.setAttribute(SYSTEM, system.toString());
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = Json.MAPPER.createArrayNode();
      for (ToolDefinition tool : request.tools()) {
        ObjectNode node = tools.addObject().put("type", "function").put("name", tool.name())
            .put("description", cut(tool.description()));
        node.set("parameters", tool.parameters().toJsonNode());
      }
      span.setAttribute(TOOLS, tools.toString());
    }
  }

  static void recordResponse(Span span, ChatResponse response) {
    ArrayNode output = Json.MAPPER.createArrayNode();
    ObjectNode message = message("assistant", output);
    assistantParts(message.withArray("parts"), response.message());
    message.put("finish_reason", response.finishReason().name().toLowerCase(Locale.ROOT));
    span.setAttribute(OUTPUT, output.toString());
  }

  private static ObjectNode message(String role, ArrayNode into) {
    ObjectNode node = into.addObject().put("role", role);
    node.putArray("parts");
    return node;
  }

  private static void assistantParts(ArrayNode parts, Message.Assistant message) {
    for (Reasoning reasoning : message.reasoning()) {
      if (!reasoning.isRedacted()) {
        parts.addObject().put("type", "reasoning").put("content", cut(reasoning.text()));
      }
    }
    if (!message.text().isEmpty()) {
      parts.add(text(message.text()));
    }
    for (ToolCall call : message.toolCalls()) {
      ObjectNode node = parts.addObject().put("type", "tool_call").put("id", call.id()).put("name", call.name());
      try {
        node.set("arguments", call.argumentsJson());
      } catch (RuntimeException e) {
        node.put("arguments", cut(call.arguments()));
      }
    }
  }

  private static ObjectNode part(ContentPart part) {
    if (part instanceof ContentPart.Text) {
      return text(((ContentPart.Text) part).text());
    }
    if (part instanceof ContentPart.ImageUrl) {
      return Json.MAPPER.createObjectNode().put("type", "uri").put("modality", "image")
          .put("uri", ((ContentPart.ImageUrl) part).url().toString());
    }
    if (part instanceof ContentPart.ImageData) {
      return Json.MAPPER.createObjectNode().put("type", "blob").put("modality", "image")
          .put("mime_type", ((ContentPart.ImageData) part).mediaType());
    }
    ContentPart.Document document = (ContentPart.Document) part;
    return Json.MAPPER.createObjectNode().put("type", "blob").put("modality", "document")
        .put("mime_type", document.mediaType());
  }

  private static ObjectNode text(String text) {
    return Json.MAPPER.createObjectNode().put("type", "text").put("content", cut(text));
  }

  static String cut(String text) {
    return text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS) + CUT_MARK;
  }
}
