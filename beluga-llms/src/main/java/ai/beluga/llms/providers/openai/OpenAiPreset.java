package ai.beluga.llms.providers.openai;

import java.net.URI;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A server that speaks OpenAI Chat Completions: its name, default base URL, how it takes the API key, the environment
 * variables its key and base URL are read from, and the features it lacks.
 *
 * <p>A request that sets a feature the preset lacks fails with {@code UNSUPPORTED} before anything is sent, rather than
 * with an HTTP 400 from the server. Features the library turns on by itself (such as
 * {@code stream_options.include_usage}) are simply not sent to a preset that lacks them. The presets reflect each
 * server's documentation at the time of writing; {@link OpenAiConfig.Builder#unsupported(Set)} overrides the list.
 *
 * <pre>{@code
 * ChatModel groq = OpenAi.chatModel(OpenAiConfig.builder(OpenAiPreset.GROQ)
 *     .apiKey(Secret.of(System.getenv("GROQ_API_KEY")))
 *     .model("llama-3.3-70b-versatile")
 *     .build());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum OpenAiPreset {
  /** OpenAI itself: every feature but {@code top_k}, which the API does not have. */
  OPENAI("openai", "https://api.openai.com/v1", Auth.BEARER, true, "OPENAI_API_KEY", "OPENAI_BASE_URL",
      EnumSet.of(Feature.TOP_K)),
  /**
   * Azure OpenAI: the base URL is the resource's {@code https://NAME.openai.azure.com/openai}, requests go to
   * {@code /deployments/DEPLOYMENT/chat/completions?api-version=...}, and the key travels in the {@code api-key}
   * header.
   */
  AZURE_OPENAI("azure-openai", null, Auth.API_KEY_HEADER, true, "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT",
      EnumSet.of(Feature.TOP_K, Feature.ORGANIZATION)),
  /** Groq. */
  GROQ("groq", "https://api.groq.com/openai/v1", Auth.BEARER, true, "GROQ_API_KEY", "GROQ_BASE_URL",
      EnumSet.of(Feature.STREAM_OPTIONS, Feature.IMAGE_DATA, Feature.DEVELOPER_ROLE, Feature.PENALTIES,
          Feature.ORGANIZATION, Feature.FILES, Feature.TOP_K)),
  /** DeepSeek. */
  DEEPSEEK("deepseek", "https://api.deepseek.com/v1", Auth.BEARER, true, "DEEPSEEK_API_KEY", "DEEPSEEK_BASE_URL",
      EnumSet.of(Feature.IMAGES, Feature.IMAGE_DATA, Feature.JSON_SCHEMA, Feature.SEED, Feature.DEVELOPER_ROLE,
          Feature.REASONING_EFFORT, Feature.PARALLEL_TOOL_CALLS, Feature.ORGANIZATION, Feature.FILES, Feature.TOP_K)),
  /** Together AI. */
  TOGETHER("together", "https://api.together.xyz/v1", Auth.BEARER, true, "TOGETHER_API_KEY", "TOGETHER_BASE_URL",
      EnumSet.of(Feature.DEVELOPER_ROLE, Feature.REASONING_EFFORT, Feature.ORGANIZATION, Feature.FILES)),
  /** OpenRouter, which forwards to many upstream providers. */
  OPENROUTER("openrouter", "https://openrouter.ai/api/v1", Auth.BEARER, true, "OPENROUTER_API_KEY",
      "OPENROUTER_BASE_URL", EnumSet.of(Feature.ORGANIZATION, Feature.FILES)),
  /** xAI (Grok). */
  XAI("xai", "https://api.x.ai/v1", Auth.BEARER, true, "XAI_API_KEY", "XAI_BASE_URL",
      EnumSet.of(Feature.DEVELOPER_ROLE, Feature.ORGANIZATION, Feature.FILES, Feature.TOP_K)),
  /** Fireworks AI. */
  FIREWORKS("fireworks", "https://api.fireworks.ai/inference/v1", Auth.BEARER, true, "FIREWORKS_API_KEY",
      "FIREWORKS_BASE_URL", EnumSet.of(Feature.STREAM_OPTIONS, Feature.DEVELOPER_ROLE, Feature.PARALLEL_TOOL_CALLS,
          Feature.REASONING_EFFORT, Feature.ORGANIZATION, Feature.FILES)),
  /** Perplexity (Sonar): no tools, no images. */
  PERPLEXITY("perplexity", "https://api.perplexity.ai", Auth.BEARER, true, "PERPLEXITY_API_KEY",
      "PERPLEXITY_BASE_URL", EnumSet.of(Feature.TOOLS, Feature.IMAGES, Feature.IMAGE_DATA, Feature.STREAM_OPTIONS,
          Feature.JSON_OBJECT, Feature.SEED, Feature.STOP, Feature.DEVELOPER_ROLE, Feature.PARALLEL_TOOL_CALLS,
          Feature.REASONING_EFFORT, Feature.ORGANIZATION, Feature.FILES, Feature.TOP_K)),
  /** A vLLM server ({@code vllm serve}); the key is optional. */
  VLLM("vllm", "http://localhost:8000/v1", Auth.BEARER, false, "VLLM_API_KEY", "VLLM_BASE_URL",
      EnumSet.of(Feature.DEVELOPER_ROLE, Feature.REASONING_EFFORT, Feature.ORGANIZATION, Feature.FILES)),
  /** LM Studio's local server; no key. */
  LM_STUDIO("lmstudio", "http://localhost:1234/v1", Auth.BEARER, false, "LM_STUDIO_API_KEY", "LM_STUDIO_BASE_URL",
      EnumSet.of(Feature.STREAM_OPTIONS, Feature.DEVELOPER_ROLE, Feature.PARALLEL_TOOL_CALLS,
          Feature.REASONING_EFFORT, Feature.JSON_OBJECT, Feature.ORGANIZATION, Feature.FILES)),
  /** llama.cpp's {@code llama-server}; the key is optional ({@code --api-key}). */
  LLAMA_CPP("llamacpp", "http://localhost:8080/v1", Auth.BEARER, false, "LLAMA_API_KEY", "LLAMA_BASE_URL",
      EnumSet.of(Feature.STREAM_OPTIONS, Feature.DEVELOPER_ROLE, Feature.PARALLEL_TOOL_CALLS,
          Feature.REASONING_EFFORT, Feature.ORGANIZATION, Feature.FILES));

  private final String id;
  private final URI defaultBaseUrl;
  private final Auth auth;
  private final boolean keyRequired;
  private final String keyVariable;
  private final String baseUrlVariable;
  private final Set<Feature> unsupported;

  OpenAiPreset(String id, String defaultBaseUrl, Auth auth, boolean keyRequired, String keyVariable,
      String baseUrlVariable, Set<Feature> unsupported) {
    this.id = id;
    this.defaultBaseUrl = defaultBaseUrl == null ? null : URI.create(defaultBaseUrl);
    this.auth = auth;
    this.keyRequired = keyRequired;
    this.keyVariable = keyVariable;
    this.baseUrlVariable = baseUrlVariable;
    this.unsupported = Set.copyOf(unsupported);
  }

  /**
   * Finds a preset by its {@linkplain #id() id}, ignoring case, {@code _} and {@code -}.
   *
   * @param id a preset id such as {@code groq} or {@code azure-openai}
   * @return the preset, or empty when no preset has this id
   * @since 0.1.0
   */
  public static Optional<OpenAiPreset> byId(String id) {
    String wanted = normalize(id);
    for (OpenAiPreset preset : values()) {
      if (normalize(preset.id).equals(wanted)) {
        return Optional.of(preset);
      }
    }
    return Optional.empty();
  }

  /**
   * {@return the name used by {@code Llms.create}, such as {@code groq}}
   *
   * @since 0.1.0
   */
  public String id() {
    return id;
  }

  /**
   * {@return the default base URL, empty for Azure OpenAI, whose URL names the user's resource}
   *
   * @since 0.1.0
   */
  public Optional<URI> defaultBaseUrl() {
    return Optional.ofNullable(defaultBaseUrl);
  }

  /**
   * {@return how the API key is sent}
   *
   * @since 0.1.0
   */
  public Auth auth() {
    return auth;
  }

  /**
   * {@return whether a config without an API key is rejected}
   *
   * @since 0.1.0
   */
  public boolean keyRequired() {
    return keyRequired;
  }

  /**
   * {@return the environment variable {@code fromEnv()} reads the key from}
   *
   * @since 0.1.0
   */
  public String keyVariable() {
    return keyVariable;
  }

  /**
   * {@return the environment variable {@code fromEnv()} reads the base URL from}
   *
   * @since 0.1.0
   */
  public String baseUrlVariable() {
    return baseUrlVariable;
  }

  /**
   * {@return the features this server lacks}
   *
   * @since 0.1.0
   */
  public Set<Feature> unsupported() {
    return unsupported;
  }

  private static String normalize(String id) {
    return id.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /**
   * How a server takes the API key.
   *
   * @since 0.1.0
   */
  public enum Auth {
    /** {@code Authorization: Bearer KEY}. */
    BEARER,
    /** {@code api-key: KEY} (Azure OpenAI). */
    API_KEY_HEADER
  }

  /**
   * A Chat Completions feature that a compatible server may lack.
   *
   * @since 0.1.0
   */
  public enum Feature {
    /** {@code tools} and {@code tool_choice}. */
    TOOLS("tools"),
    /** {@code parallel_tool_calls}. */
    PARALLEL_TOOL_CALLS("parallel_tool_calls"),
    /** Images by URL in user messages. */
    IMAGES("image input"),
    /** Images as base64 data URLs in user messages. */
    IMAGE_DATA("base64 image input"),
    /** {@code response_format} of type {@code json_schema}. */
    JSON_SCHEMA("response_format json_schema"),
    /** {@code response_format} of type {@code json_object}. */
    JSON_OBJECT("response_format json_object"),
    /** {@code seed}. */
    SEED("seed"),
    /** {@code stop}. */
    STOP("stop"),
    /** {@code frequency_penalty} and {@code presence_penalty}. */
    PENALTIES("frequency_penalty/presence_penalty"),
    /** {@code reasoning_effort}. */
    REASONING_EFFORT("reasoning_effort"),
    /** Messages with role {@code developer}. */
    DEVELOPER_ROLE("developer messages"),
    /** Documents (PDF files) as {@code file} content parts. */
    FILES("file input"),
    /** {@code top_k}, which OpenAI itself does not take. */
    TOP_K("top_k"),
    /** {@code stream_options}; without it a stream carries no usage. */
    STREAM_OPTIONS("stream_options"),
    /** The {@code OpenAI-Organization} and {@code OpenAI-Project} headers. */
    ORGANIZATION("organization/project headers");

    private final String wireName;

    Feature(String wireName) {
      this.wireName = wireName;
    }

    /**
     * {@return how error messages name the feature}
     *
     * @since 0.1.0
     */
    public String wireName() {
      return wireName;
    }
  }
}
