package ai.beluga.llms.providers.openai;

import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Json;
import ai.beluga.llms.spi.WireResponse;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Decodes a Chat Completions answer ({@code chat.completion}) into a {@link ChatResponse}. Internal to the provider.
 *
 * <p>The first choice is the answer (the provider never asks for {@code n > 1}). Its {@code content} is the text;
 * {@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning} (OpenRouter, Groq) is the reasoning; its
 * {@code tool_calls} are the tool calls, and so is a legacy {@code function_call} (which has no id: it is given
 * {@code call_} and its index, {@code call_0} when it is the only call, as in a stream). A {@code refusal} becomes
 * the text, with finish reason {@code CONTENT_FILTER} (the raw reason is kept) and the refusal in the
 * {@code refusal} metadata entry, so that a refusal is never mistaken for an answer. Metadata holds
 * {@code x-request-id}, the {@code x-ratelimit-*} headers, {@code openai-processing-ms}, {@code system_fingerprint}
 * and {@code service_tier} when present.
 */
final class OpenAiResponseDecoder {
  /** The metadata key of a refusal's text. */
  static final String REFUSAL = "refusal";

  private OpenAiResponseDecoder() {}

  static ChatResponse decode(WireResponse response) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(response.body());
    } catch (JacksonException e) {
      throw invalid("the answer is not JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw invalid("the answer is not a JSON object", null);
    }
    JsonNode choice = root.path("choices").path(0);
    if (!choice.isObject()) {
      throw invalid("the answer has no choices", null);
    }
    JsonNode message = choice.path("message");
    String text = contentText(message.get("content"));
    Optional<String> refusal = textOpt(message.get("refusal"));
    Optional<String> rawReason = textOpt(choice.get("finish_reason"));
    FinishReason reason = OpenAiFinishReasons.of(rawReason.orElse(null));
    Map<String, String> metadata = headerMetadata(response.headers());
    if (refusal.isPresent()) {
      if (text.isEmpty()) {
        text = refusal.get();
      }
      reason = FinishReason.CONTENT_FILTER;
      metadata.put(REFUSAL, refusal.get());
    }
    textOpt(root.get("system_fingerprint")).ifPresent(value -> metadata.put("system_fingerprint", value));
    textOpt(root.get("service_tier")).ifPresent(value -> metadata.put("service_tier", value));
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      calls.add(toolCall(textOf(call.get("id")), call.path("function")));
    }
    JsonNode functionCall = message.get("function_call");
    if (functionCall != null && functionCall.isObject()) {
      // The legacy single call (before tool_calls) has no id: name it by its index among the answer's calls, as
      // ToolCallAssembler names a streamed call that never got one, so that a stream and a chat call agree.
      calls.add(toolCall("call_" + calls.size(), functionCall));
    }
    Optional<String> reasoning = textOpt(message.get("reasoning_content")).or(() -> textOpt(message.get("reasoning")))
        .or(() -> Optional.of(contentThinking(message.get("content"))).filter(t -> !t.isEmpty()));
    return new ChatResponse(
        new Message.Assistant(text, reasoning.map(r -> List.of(Reasoning.of(r))).orElse(List.of()), calls),
        OpenAiUsage.of(root.get("usage")), reason, rawReason, textOpt(root.get("id")), textOpt(root.get("model")),
        metadata);
  }

  /** A call of this id from a {@code function} (or legacy {@code function_call}) object; no arguments is {@code {}}. */
  private static ToolCall toolCall(String id, JsonNode function) {
    String arguments = textOf(function.get("arguments"));
    return ToolCall.of(id, textOf(function.get("name")), arguments.isEmpty() ? "{}" : arguments);
  }

  /** The response headers worth keeping: request id, rate limits, processing time. */
  static Map<String, String> headerMetadata(HttpHeaders headers) {
    Map<String, String> metadata = new LinkedHashMap<>();
    headers.map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!values.isEmpty() && (lower.startsWith("x-ratelimit-") || lower.equals("x-request-id")
          || lower.equals("openai-processing-ms") || lower.equals("apim-request-id"))) {
        metadata.put(lower, values.get(0));
      }
    });
    return metadata;
  }

  /**
   * The text of a {@code content}: a string, or (Mistral and some compatible servers) an array of parts whose
   * {@code text} parts are joined.
   */
  static String contentText(JsonNode content) {
    if (content == null || !content.isArray()) {
      return textOf(content);
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if ("text".equals(part.path("type").asString(null))) {
        text.append(part.path("text").asString(""));
      }
    }
    return text.toString();
  }

  /** The reasoning inside a {@code content} array's {@code thinking} parts (Mistral), or empty text. */
  static String contentThinking(JsonNode content) {
    StringBuilder text = new StringBuilder();
    if (content != null && content.isArray()) {
      for (JsonNode part : content) {
        if ("thinking".equals(part.path("type").asString(null))) {
          for (JsonNode inner : part.path("thinking")) {
            text.append(inner.path("text").asString(""));
          }
        }
      }
    }
    return text.toString();
  }

  static String textOf(JsonNode node) {
    return node == null || node.isNull() ? "" : node.isString() ? node.asString() : node.toString();
  }

  static Optional<String> textOpt(JsonNode node) {
    return node == null || node.isNull() || !node.isString() ? Optional.empty() : Optional.of(node.asString());
  }

  private static LlmException invalid(String message, Throwable cause) {
    return LlmException.builder(ErrorCode.INVALID_RESPONSE, message + "; is the base URL a Chat Completions server?")
        .provider(OpenAiProviderFactory.NAME).cause(cause).build();
  }
}
