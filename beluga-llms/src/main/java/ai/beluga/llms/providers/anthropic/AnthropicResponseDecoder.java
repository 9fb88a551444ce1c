package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Json;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Decodes a non-streamed Messages API answer: {@code text} blocks become the text, {@code thinking} and
 * {@code redacted_thinking} blocks the reasoning (with signatures, in order), {@code tool_use} blocks the tool calls,
 * and the input of the structured-output tool the text. Blocks of server tools (web search, code execution and the
 * like) are not client tool calls and are skipped. Usage follows {@link AnthropicUsage}; the finish reason
 * {@link AnthropicFinishReasons}.
 */
final class AnthropicResponseDecoder {
  private AnthropicResponseDecoder() {}

  static ChatResponse decode(byte[] body, int offset, int length) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body, offset, length);
    } catch (JacksonException e) {
      throw invalid("the answer is not JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw invalid("the answer is not a JSON object", null);
    }
    StringBuilder text = new StringBuilder();
    List<Reasoning> reasoning = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    boolean responseTool = false;
    for (JsonNode block : root.path("content")) {
      switch (block.path("type").asString("")) {
        case "text":
          text.append(block.path("text").asString(""));
          break;
        case "thinking":
          reasoning.add(new Reasoning(block.path("thinking").asString(""), optional(block, "signature"),
              Optional.empty()));
          break;
        case "redacted_thinking":
          reasoning.add(Reasoning.redacted(block.path("data").asString("")));
          break;
        case "tool_use": {
          JsonNode input = block.path("input");
          String arguments = input.isObject() ? input.toString() : "{}";
          if (AnthropicRequestEncoder.RESPONSE_TOOL.equals(block.path("name").asString(""))) {
            responseTool = true;
            text.append(arguments);
          } else {
            calls.add(ToolCall.of(block.path("id").asString(""), block.path("name").asString(""), arguments));
          }
          break;
        }
        default:
          break;
      }
    }
    Optional<String> stopReason = optional(root, "stop_reason");
    return new ChatResponse(new Message.Assistant(text.toString(), reasoning, calls),
        AnthropicUsage.of(root.get("usage")),
        AnthropicFinishReasons.of(stopReason.orElse(null), responseTool && calls.isEmpty()), stopReason,
        optional(root, "id"), optional(root, "model"), metadata(root));
  }

  private static Map<String, String> metadata(JsonNode root) {
    JsonNode stopSequence = root.get("stop_sequence");
    return stopSequence != null && stopSequence.isString()
        ? Map.of("stop_sequence", stopSequence.asString()) : Map.of();
  }

  static Optional<String> optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
  }

  static LlmException invalid(String message, Throwable cause) {
    return LlmException.builder(ErrorCode.INVALID_RESPONSE, "anthropic: " + message)
        .provider(AnthropicTranslator.PROVIDER).cause(cause).build();
  }
}
