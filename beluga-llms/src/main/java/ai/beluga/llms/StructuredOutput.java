package ai.beluga.llms;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Json;
import ai.beluga.schema.JsonSchema;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.SchemaException;
import tools.jackson.core.JacksonException;

/**
 * Internal API: may change in any release.
 *
 * <p>Typed structured output: asks for a JSON Schema generated from a Java type, and binds the answer to it.
 */
final class StructuredOutput {
  private StructuredOutput() {}

  /**
   * Adds a JSON Schema response format generated from the type, unless the request already has a format.
   *
   * @param request the request
   * @param type the answer's type
   * @return the request to send
   */
  static ChatRequest withSchemaOf(ChatRequest request, Class<?> type) {
    if (request.responseFormat().isPresent()) {
      return request;
    }
    JsonSchema schema;
    try {
      schema = JsonSchema.from(type);
    } catch (SchemaException e) {
      throw LlmException.builder(ErrorCode.INVALID_INPUT, e.getMessage()).cause(e).build();
    }
    return request.toBuilder().responseFormat(ResponseFormat.jsonSchema(schemaName(type), schema)).build();
  }

  /**
   * Binds the answer's text to the type. A Markdown code fence around the JSON, which some models add in JSON mode, is
   * tolerated.
   *
   * @param <T> the type
   * @param response the answer
   * @param type the type
   * @param provider the provider, for the error
   * @param model the model, for the error
   * @return the bound value
   */
  static <T> T bind(ChatResponse response, Class<T> type, String provider, String model) {
    String text = stripFence(response.text().strip());
    if (text.isEmpty()) {
      throw LlmException.builder(ErrorCode.INVALID_RESPONSE, "the model returned no text to bind to "
          + type.getName() + " (finish reason " + response.finishReason() + ")")
          .provider(provider).model(model).build();
    }
    try {
      return Json.MAPPER.readValue(text, type);
    } catch (JacksonException e) {
      throw LlmException.builder(ErrorCode.INVALID_RESPONSE, "the model's answer is not JSON that fits "
          + type.getName() + ": " + e.getOriginalMessage()).provider(provider).model(model).cause(e).build();
    }
  }

  private static String schemaName(Class<?> type) {
    String name = type.getSimpleName().replaceAll("[^a-zA-Z0-9_-]", "_");
    if (name.isEmpty()) {
      name = "response";
    }
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  private static String stripFence(String text) {
    if (!text.startsWith("```")) {
      return text;
    }
    int firstLineEnd = text.indexOf('\n');
    int closing = text.lastIndexOf("```");
    if (firstLineEnd < 0 || closing <= firstLineEnd) {
      return text;
    }
    return text.substring(firstLineEnd + 1, closing).strip();
  }
}
