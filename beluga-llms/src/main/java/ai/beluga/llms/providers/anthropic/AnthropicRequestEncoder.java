package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Json;
import ai.beluga.schema.ContentPart;
import ai.beluga.schema.JsonSchema;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolChoice;
import ai.beluga.schema.ToolDefinition;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes a {@link ChatRequest} as a Messages API body ({@code POST /v1/messages}).
 *
 * <ul>
 *   <li>System messages, wherever they stand, go to the top-level {@code system} array, in order.
 *   <li>Consecutive messages of one role are merged into one turn; tool results are {@code tool_result} blocks of a
 *       user turn ({@code is_error} for errors).
 *   <li>An assistant turn sends its reasoning first ({@code thinking} with its signature, or
 *       {@code redacted_thinking}), then its text, then its {@code tool_use} blocks. Reasoning without a signature or
 *       redacted data (from another provider) cannot be verified by Anthropic and is left out.
 *   <li>Images by URL or base64; documents as base64 PDF or plain text. Other document types are {@code UNSUPPORTED}.
 *   <li>Structured output is a forced call of the tool {@value #RESPONSE_TOOL}, whose input schema is the response
 *       schema; the decoders return its input as the answer's text.
 *   <li>{@code seed}, {@code frequencyPenalty} and {@code presencePenalty} are {@code UNSUPPORTED}.
 * </ul>
 */
final class AnthropicRequestEncoder {
  /** The tool that carries structured output. */
  static final String RESPONSE_TOOL = "beluga_json_response";

  private final int defaultMaxTokens;

  AnthropicRequestEncoder(int defaultMaxTokens) {
    this.defaultMaxTokens = defaultMaxTokens;
  }

  byte[] encode(ChatRequest request, boolean stream) {
    ChatOptions options = request.options();
    rejectUnsupported(options);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", options.model().orElseThrow());
    AnthropicOptions anthropic = options.providerOptions(AnthropicOptions.class).orElse(null);
    boolean thinking = anthropic != null && anthropic.thinkingBudgetTokens().isPresent();
    int maxTokens = options.maxOutputTokens().orElse(thinking
        ? anthropic.thinkingBudgetTokens().getAsInt() + defaultMaxTokens : defaultMaxTokens);
    body.put("max_tokens", maxTokens);
    ArrayNode system = Json.MAPPER.createArrayNode();
    body.set("messages", messages(request, system));
    if (!system.isEmpty()) {
      body.set("system", system);
    }
    if (thinking) {
      body.putObject("thinking").put("type", "enabled")
          .put("budget_tokens", anthropic.thinkingBudgetTokens().getAsInt());
    }
    options.temperature().ifPresent(value -> body.put("temperature", value));
    options.topP().ifPresent(value -> body.put("top_p", value));
    options.topK().ifPresent(value -> body.put("top_k", value));
    if (!options.stopSequences().isEmpty()) {
      ArrayNode stops = body.putArray("stop_sequences");
      options.stopSequences().forEach(stops::add);
    }
    tools(request, body, thinking);
    if (stream) {
      body.put("stream", true);
    }
    for (Map.Entry<String, Object> extra : options.extraBody().entrySet()) {
      body.set(extra.getKey(), Json.MAPPER.valueToTree(extra.getValue()));
    }
    return Json.MAPPER.writeValueAsBytes(body);
  }

  private static void rejectUnsupported(ChatOptions options) {
    if (options.seed().isPresent()) {
      throw unsupported("seed", "the Messages API has no seed");
    }
    if (options.frequencyPenalty().isPresent()) {
      throw unsupported("frequencyPenalty", "the Messages API has no frequency penalty");
    }
    if (options.presencePenalty().isPresent()) {
      throw unsupported("presencePenalty", "the Messages API has no presence penalty");
    }
  }

  private static ArrayNode messages(ChatRequest request, ArrayNode system) {
    ArrayNode messages = Json.MAPPER.createArrayNode();
    ObjectNode last = null;
    for (Message message : request.messages()) {
      if (message instanceof Message.System) {
        system.addObject().put("type", "text").put("text", ((Message.System) message).text());
        continue;
      }
      String role = message instanceof Message.Assistant ? "assistant" : "user";
      if (last == null || !role.equals(last.path("role").asString(""))) {
        last = messages.addObject().put("role", role);
        last.putArray("content");
      }
      ArrayNode content = (ArrayNode) last.get("content");
      if (message instanceof Message.User) {
        for (ContentPart part : ((Message.User) message).content()) {
          content.add(part(part));
        }
      } else if (message instanceof Message.Assistant) {
        assistant((Message.Assistant) message, content);
      } else {
        Message.ToolResult result = (Message.ToolResult) message;
        ObjectNode block = content.addObject().put("type", "tool_result").put("tool_use_id", result.toolCallId())
            .put("content", result.content());
        if (result.isError()) {
          block.put("is_error", true);
        }
      }
    }
    return messages;
  }

  private static void assistant(Message.Assistant message, ArrayNode content) {
    for (Reasoning reasoning : message.reasoning()) {
      if (reasoning.redactedData().isPresent()) {
        content.addObject().put("type", "redacted_thinking").put("data", reasoning.redactedData().get());
      } else if (reasoning.signature().isPresent()) {
        content.addObject().put("type", "thinking").put("thinking", reasoning.text())
            .put("signature", reasoning.signature().get());
      }
    }
    if (!message.text().isEmpty()) {
      content.addObject().put("type", "text").put("text", message.text());
    }
    for (ToolCall call : message.toolCalls()) {
      content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
          .set("input", arguments(call));
    }
  }

  private static JsonNode arguments(ToolCall call) {
    if (call.arguments().isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(call.arguments());
    } catch (JacksonException e) {
      throw LlmException.builder(ErrorCode.INVALID_INPUT, "the arguments of tool call " + call.id() + " ("
          + call.name() + ") are not JSON; Anthropic needs them as an object").provider(AnthropicTranslator.PROVIDER)
          .cause(e).build();
    }
  }

  private static ObjectNode part(ContentPart part) {
    ObjectNode block = Json.MAPPER.createObjectNode();
    if (part instanceof ContentPart.Text) {
      return block.put("type", "text").put("text", ((ContentPart.Text) part).text());
    }
    if (part instanceof ContentPart.ImageUrl) {
      block.put("type", "image").putObject("source").put("type", "url")
          .put("url", ((ContentPart.ImageUrl) part).url().toString());
      return block;
    }
    if (part instanceof ContentPart.ImageData) {
      ContentPart.ImageData image = (ContentPart.ImageData) part;
      block.put("type", "image").putObject("source").put("type", "base64").put("media_type", image.mediaType())
          .put("data", image.base64());
      return block;
    }
    ContentPart.Document document = (ContentPart.Document) part;
    block.put("type", "document");
    if (document.mediaType().equals("application/pdf")) {
      block.putObject("source").put("type", "base64").put("media_type", "application/pdf")
          .put("data", document.base64());
    } else if (document.mediaType().equals("text/plain")) {
      block.putObject("source").put("type", "text").put("media_type", "text/plain")
          .put("data", new String(Base64.getDecoder().decode(document.base64()), StandardCharsets.UTF_8));
    } else {
      throw unsupported("document of type " + document.mediaType(),
          "Anthropic takes PDF (application/pdf) and plain-text (text/plain) documents");
    }
    document.title().ifPresent(title -> block.put("title", title));
    return block;
  }

  private static void tools(ChatRequest request, ObjectNode body, boolean thinking) {
    JsonNode responseSchema = responseSchema(request);
    if (request.tools().isEmpty() && responseSchema == null) {
      if (request.toolChoice().isPresent() && !(request.toolChoice().get() instanceof ToolChoice.Auto)
          && !(request.toolChoice().get() instanceof ToolChoice.None)) {
        throw LlmException.builder(ErrorCode.INVALID_INPUT, "a tool choice that requires a tool was given, but the "
            + "request has no tools").provider(AnthropicTranslator.PROVIDER).build();
      }
      return;
    }
    ArrayNode tools = body.putArray("tools");
    for (ToolDefinition tool : request.tools()) {
      if (tool.name().equals(RESPONSE_TOOL) && responseSchema != null) {
        throw LlmException.builder(ErrorCode.INVALID_INPUT, "the tool name " + RESPONSE_TOOL + " is reserved for "
            + "structured output on anthropic; rename the tool").provider(AnthropicTranslator.PROVIDER).build();
      }
      ObjectNode node = tools.addObject().put("name", tool.name());
      if (!tool.description().isEmpty()) {
        node.put("description", tool.description());
      }
      node.set("input_schema", tool.parameters().toJsonNode());
    }
    if (responseSchema != null) {
      if (request.toolChoice().isPresent()) {
        throw unsupported("a tool choice together with a response format",
            "structured output is a forced call of the tool " + RESPONSE_TOOL);
      }
      if (thinking) {
        throw unsupported("a response format together with extended thinking",
            "structured output is a forced tool call, which the Messages API refuses while thinking");
      }
      tools.addObject().put("name", RESPONSE_TOOL)
          .put("description", "Give the answer as the input of this tool, following its schema.")
          .set("input_schema", responseSchema);
      if (request.tools().isEmpty()) {
        body.putObject("tool_choice").put("type", "tool").put("name", RESPONSE_TOOL);
      } else {
        // The model may still call the caller's tools; the answer comes through the response tool at the end.
        body.putObject("tool_choice").put("type", "any");
      }
      return;
    }
    request.toolChoice().ifPresent(choice -> body.set("tool_choice", toolChoice(choice)));
  }

  /** The schema of the response tool, or null when the request asks for plain text. */
  private static JsonNode responseSchema(ChatRequest request) {
    ResponseFormat format = request.responseFormat().orElse(null);
    if (format instanceof ResponseFormat.JsonSchemaFormat) {
      JsonSchema schema = ((ResponseFormat.JsonSchemaFormat) format).schema();
      return schema.toJsonNode();
    }
    if (format instanceof ResponseFormat.Json) {
      return Json.MAPPER.createObjectNode().put("type", "object").put("additionalProperties", true);
    }
    return null;
  }

  private static ObjectNode toolChoice(ToolChoice choice) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    if (choice instanceof ToolChoice.Named) {
      return node.put("type", "tool").put("name", ((ToolChoice.Named) choice).name());
    }
    return node.put("type", choice instanceof ToolChoice.None ? "none"
        : choice instanceof ToolChoice.Required ? "any" : "auto");
  }

  private static LlmException unsupported(String feature, String why) {
    return LlmException.builder(ErrorCode.UNSUPPORTED, "anthropic does not support " + feature + ": " + why)
        .provider(AnthropicTranslator.PROVIDER).build();
  }
}
