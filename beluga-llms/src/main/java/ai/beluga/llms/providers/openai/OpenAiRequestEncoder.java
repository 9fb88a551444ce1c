package ai.beluga.llms.providers.openai;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Json;
import ai.beluga.llms.providers.openai.OpenAiPreset.Feature;
import ai.beluga.llms.spi.WireRequest;
import ai.beluga.schema.ContentPart;
import ai.beluga.schema.Message;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolChoice;
import ai.beluga.schema.ToolDefinition;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes a {@link ChatRequest} as a Chat Completions request ({@code POST /chat/completions}). Internal to the
 * provider.
 *
 * <p>What goes where: system messages become role {@code system} (or {@code developer} with
 * {@link OpenAiOptions#developerRole()}); user content is a plain string when it is one text part, else an array of
 * {@code text}, {@code image_url} (URL or base64 data URL, with {@code detail}) and {@code file} parts; an assistant
 * turn carries its text and {@code tool_calls}, and its reasoning is not sent back (Chat Completions takes none, and
 * DeepSeek rejects it); tool results are role {@code tool} with {@code tool_call_id}. {@code ChatOptions.maxOutputTokens}
 * is {@code max_completion_tokens} on OpenAI and Azure (reasoning models reject {@code max_tokens}) and
 * {@code max_tokens} on the compatible servers. Streams always ask for {@code stream_options.include_usage}, unless the
 * preset lacks {@code stream_options}. {@code extraBody} is merged last and wins.
 *
 * <p>A feature the preset lacks fails with {@code UNSUPPORTED}, naming the preset and the feature, before anything is
 * sent. Thread-safe: it holds only the immutable config.
 */
final class OpenAiRequestEncoder {
  private final OpenAiConfig config;
  private final Set<Feature> unsupported;
  private final URI chatUri;
  private final Map<String, String> headers;

  OpenAiRequestEncoder(OpenAiConfig config) {
    this.config = config;
    this.unsupported = config.unsupported();
    this.chatUri = config.preset() == OpenAiPreset.AZURE_OPENAI ? null : resolve(config.baseUrl(), "/chat/completions");
    this.headers = headersOf(config);
  }

  /** {@return the headers every request carries: auth, organization, project and the extra headers} */
  Map<String, String> headers() {
    return headers;
  }

  WireRequest encode(ChatRequest request, boolean stream) {
    ChatOptions options = request.options();
    String model = options.model().orElse(config.model());
    Optional<OpenAiOptions> openAi = options.providerOptions(OpenAiOptions.class);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", model);
    body.set("messages", messages(request.messages(), openAi.map(OpenAiOptions::developerRole).orElse(false)));
    if (!request.tools().isEmpty()) {
      require(Feature.TOOLS);
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition tool : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", tool.name());
        if (!tool.description().isEmpty()) {
          function.put("description", tool.description());
        }
        function.set("parameters", tool.parameters().toJsonNode());
        if (tool.strict()) {
          function.put("strict", true);
        }
      }
    }
    request.toolChoice().ifPresent(choice -> {
      require(Feature.TOOLS);
      putToolChoice(body, choice);
    });
    request.responseFormat().ifPresent(format -> body.set("response_format", responseFormat(format)));
    options.temperature().ifPresent(value -> body.put("temperature", value));
    options.topP().ifPresent(value -> body.put("top_p", value));
    if (options.topK().isPresent()) {
      require(Feature.TOP_K);
      body.put("top_k", options.topK().getAsInt());
    }
    options.maxOutputTokens().ifPresent(value -> body.put(usesMaxCompletionTokens() ? "max_completion_tokens"
        : "max_tokens", value));
    if (!options.stopSequences().isEmpty()) {
      require(Feature.STOP);
      ArrayNode stop = body.putArray("stop");
      options.stopSequences().forEach(stop::add);
    }
    if (options.seed().isPresent()) {
      require(Feature.SEED);
      body.put("seed", options.seed().getAsLong());
    }
    if (options.frequencyPenalty().isPresent() || options.presencePenalty().isPresent()) {
      require(Feature.PENALTIES);
      options.frequencyPenalty().ifPresent(value -> body.put("frequency_penalty", value));
      options.presencePenalty().ifPresent(value -> body.put("presence_penalty", value));
    }
    openAi.ifPresent(extra -> {
      if (extra.reasoningEffort().isPresent()) {
        require(Feature.REASONING_EFFORT);
        body.put("reasoning_effort", extra.reasoningEffort().get());
      }
      if (extra.parallelToolCalls().isPresent()) {
        require(Feature.PARALLEL_TOOL_CALLS);
        body.put("parallel_tool_calls", extra.parallelToolCalls().get());
      }
      extra.user().ifPresent(user -> body.put("user", user));
      extra.serviceTier().ifPresent(tier -> body.put("service_tier", tier));
    });
    if (stream) {
      body.put("stream", true);
      if (!unsupported.contains(Feature.STREAM_OPTIONS)) {
        // Without it OpenAI sends no usage in a stream (issue 3: usage in streams, always on).
        body.putObject("stream_options").put("include_usage", true);
      }
    }
    options.extraBody().forEach((name, value) -> body.set(name, Json.MAPPER.valueToTree(value)));
    return WireRequest.postJson(chatUri == null ? azureChatUri(model) : chatUri, headers,
        Json.MAPPER.writeValueAsBytes(body));
  }

  private boolean usesMaxCompletionTokens() {
    return config.preset() == OpenAiPreset.OPENAI || config.preset() == OpenAiPreset.AZURE_OPENAI;
  }

  private ArrayNode messages(List<Message> messages, boolean developerRole) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    if (developerRole) {
      require(Feature.DEVELOPER_ROLE);
    }
    for (Message message : messages) {
      ObjectNode node = array.addObject();
      if (message instanceof Message.System system) {
        node.put("role", developerRole ? "developer" : "system").put("content", system.text());
      } else if (message instanceof Message.User user) {
        node.put("role", "user");
        userContent(node, user.content());
      } else if (message instanceof Message.Assistant assistant) {
        node.put("role", "assistant");
        if (!assistant.text().isEmpty() || assistant.toolCalls().isEmpty()) {
          node.put("content", assistant.text());
        }
        if (!assistant.toolCalls().isEmpty()) {
          ArrayNode calls = node.putArray("tool_calls");
          for (ToolCall call : assistant.toolCalls()) {
            calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                .put("name", call.name()).put("arguments", call.arguments());
          }
        }
      } else if (message instanceof Message.ToolResult result) {
        node.put("role", "tool").put("tool_call_id", result.toolCallId()).put("content", result.content());
      }
    }
    return array;
  }

  private void userContent(ObjectNode node, List<ContentPart> parts) {
    if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text text) {
      node.put("content", text.text());
      return;
    }
    ArrayNode content = node.putArray("content");
    for (ContentPart part : parts) {
      if (part instanceof ContentPart.Text text) {
        content.addObject().put("type", "text").put("text", text.text());
      } else if (part instanceof ContentPart.ImageUrl image) {
        require(Feature.IMAGES);
        ObjectNode url = content.addObject().put("type", "image_url").putObject("image_url");
        url.put("url", image.url().toString());
        image.detail().ifPresent(detail -> url.put("detail", detail));
      } else if (part instanceof ContentPart.ImageData image) {
        require(Feature.IMAGES);
        require(Feature.IMAGE_DATA);
        ObjectNode url = content.addObject().put("type", "image_url").putObject("image_url");
        url.put("url", image.dataUrl());
        image.detail().ifPresent(detail -> url.put("detail", detail));
      } else if (part instanceof ContentPart.Document document) {
        require(Feature.FILES);
        if (!document.mediaType().equals("application/pdf")) {
          throw unsupported("documents of type " + document.mediaType() + " (Chat Completions takes PDF files)");
        }
        ObjectNode file = content.addObject().put("type", "file").putObject("file");
        file.put("filename", document.title().orElse("document.pdf"));
        file.put("file_data", "data:application/pdf;base64," + document.base64());
      }
    }
  }

  private static void putToolChoice(ObjectNode body, ToolChoice choice) {
    if (choice instanceof ToolChoice.Named named) {
      body.putObject("tool_choice").put("type", "function").putObject("function").put("name", named.name());
    } else {
      body.put("tool_choice", choice instanceof ToolChoice.None ? "none"
          : choice instanceof ToolChoice.Required ? "required" : "auto");
    }
  }

  private ObjectNode responseFormat(ResponseFormat format) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    if (format instanceof ResponseFormat.JsonSchemaFormat schema) {
      require(Feature.JSON_SCHEMA);
      ObjectNode jsonSchema = node.put("type", "json_schema").putObject("json_schema");
      jsonSchema.put("name", schema.name());
      jsonSchema.set("schema", schema.schema().toJsonNode());
      jsonSchema.put("strict", schema.strict());
    } else if (format instanceof ResponseFormat.Json) {
      require(Feature.JSON_OBJECT);
      node.put("type", "json_object");
    } else {
      node.put("type", "text");
    }
    return node;
  }

  private void require(Feature feature) {
    if (unsupported.contains(feature)) {
      throw unsupported(feature.wireName());
    }
  }

  private LlmException unsupported(String feature) {
    return LlmException.builder(ErrorCode.UNSUPPORTED, config.preset().id() + " does not support " + feature
        + "; remove it from the request, or use a provider that has it").provider(OpenAiProviderFactory.NAME)
        .providerCode("unsupported_" + config.preset().id()).build();
  }

  private URI azureChatUri(String model) {
    String deployment = config.deployment().orElse(model);
    return resolve(config.baseUrl(), "/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8)
        + "/chat/completions?api-version=" + URLEncoder.encode(config.apiVersion().orElse(
            OpenAiConfig.DEFAULT_AZURE_API_VERSION), StandardCharsets.UTF_8));
  }

  /** Appends a path to a base URL, keeping the base's path ({@code URI.resolve} would drop {@code /v1}). */
  static URI resolve(URI base, String path) {
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text + path);
  }

  private static Map<String, String> headersOf(OpenAiConfig config) {
    Map<String, String> headers = new LinkedHashMap<>();
    config.apiKeySecret().ifPresent(key -> {
      if (config.preset().auth() == OpenAiPreset.Auth.API_KEY_HEADER) {
        headers.put("api-key", key.reveal());
      } else {
        headers.put("Authorization", "Bearer " + key.reveal());
      }
    });
    config.organization().ifPresent(organization -> headers.put("OpenAI-Organization", organization));
    config.project().ifPresent(project -> headers.put("OpenAI-Project", project));
    headers.putAll(config.extraHeaders());
    return Map.copyOf(headers);
  }
}
