package ai.beluga.llms.observability;

import java.util.List;
import java.util.Locale;

/**
 * Every metric, attribute, span event and attribute value name the library emits, in one table: the GenAI semantic
 * conventions' names (as released in v1.37 to v1.41, and the newest draft's where they differ) and the library's own
 * {@code beluga.llm.*} names. docs/OBSERVABILITY.md lists the same names with their meaning.
 *
 * <p>Constants only; nothing to instantiate.
 *
 * @see <a href="https://opentelemetry.io/docs/specs/semconv/gen-ai/">OpenTelemetry GenAI semantic conventions</a>
 * @since 0.1.0
 */
public final class GenAiNames {

  // --- Metrics: the conventions' (both modes) --------------------------------------------------------------------

  /** Histogram, {@code s}: how long a call took, streams until their end. */
  public static final String METRIC_OPERATION_DURATION = "gen_ai.client.operation.duration";
  /** Histogram, {@code {token}}, with {@link #TOKEN_TYPE}: tokens per call (released conventions only). */
  public static final String METRIC_TOKEN_USAGE = "gen_ai.client.token.usage";
  /** Histogram, {@code s}: a stream's time from the request to its first chunk. */
  public static final String METRIC_TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
  /** Histogram, {@code s}: for each chunk after a stream's first, the time since the chunk before. */
  public static final String METRIC_TIME_PER_OUTPUT_CHUNK = "gen_ai.client.operation.time_per_output_chunk";

  // --- Metrics: the newest draft's token metrics (gen_ai_latest_experimental) ------------------------------------

  /** Counter, {@code {token}}: input tokens (draft). */
  public static final String METRIC_INFERENCE_USAGE_INPUT = "gen_ai.client.inference.usage.input_tokens";
  /** Counter, {@code {token}}: output tokens (draft). */
  public static final String METRIC_INFERENCE_USAGE_OUTPUT = "gen_ai.client.inference.usage.output_tokens";
  /** Counter, {@code {token}}: input tokens read from the provider's cache (draft). */
  public static final String METRIC_INFERENCE_USAGE_CACHE_READ = "gen_ai.client.inference.usage.cache_read.input_tokens";
  /** Counter, {@code {token}}: output tokens spent on reasoning (draft). */
  public static final String METRIC_INFERENCE_USAGE_REASONING =
      "gen_ai.client.inference.usage.reasoning.output_tokens";
  /** Histogram, {@code {token}}: input tokens per call (draft). */
  public static final String METRIC_INFERENCE_OPERATION_INPUT = "gen_ai.client.inference.operation.input_tokens";
  /** Histogram, {@code {token}}: output tokens per call (draft). */
  public static final String METRIC_INFERENCE_OPERATION_OUTPUT = "gen_ai.client.inference.operation.output_tokens";

  // --- Metrics: the library's own ----------------------------------------------------------------------------------

  /** Counter, {@code {request}}, with {@link #OUTCOME} and, on failure, {@link #ERROR_TYPE}: calls by outcome. */
  public static final String METRIC_REQUESTS = "beluga.llm.requests";
  /** Counter, {@code {token}}, with {@link #TOKEN_TYPE}: tokens the provider reported, for cost totals. */
  public static final String METRIC_TOKENS = "beluga.llm.tokens";
  /** Counter, {@code {retry}}, with {@link #ERROR_TYPE} of the failure retried: retries made by retry middleware. */
  public static final String METRIC_RETRIES = "beluga.llm.retries";
  /** Up-down counter, {@code {request}}: non-streamed calls in flight. */
  public static final String METRIC_ACTIVE_REQUESTS = "beluga.llm.active_requests";
  /** Up-down counter, {@code {stream}}: streams subscribed to and not yet ended. */
  public static final String METRIC_ACTIVE_STREAMS = "beluga.llm.active_streams";

  // --- Attributes ----------------------------------------------------------------------------------------------------

  /** The operation: always {@link #OPERATION_CHAT} for now. */
  public static final String OPERATION_NAME = "gen_ai.operation.name";
  /** The provider, by the conventions' well-known value (see {@link #providerName(String)}). */
  public static final String PROVIDER_NAME = "gen_ai.provider.name";
  /** The model asked for. */
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  /** The model that answered, as the provider reported it. */
  public static final String RESPONSE_MODEL = "gen_ai.response.model";
  /** The provider's id of the answer. */
  public static final String RESPONSE_ID = "gen_ai.response.id";
  /** The provider's raw finish reasons, a string array. */
  public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
  /** A stream's time to its first chunk, in seconds (span attribute). */
  public static final String RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk";
  /** Sampling temperature. */
  public static final String REQUEST_TEMPERATURE = "gen_ai.request.temperature";
  /** Nucleus sampling. */
  public static final String REQUEST_TOP_P = "gen_ai.request.top_p";
  /** Top-k sampling. */
  public static final String REQUEST_TOP_K = "gen_ai.request.top_k";
  /** The output token limit. */
  public static final String REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
  /** Stop sequences, a string array. */
  public static final String REQUEST_STOP_SEQUENCES = "gen_ai.request.stop_sequences";
  /** The sampling seed. */
  public static final String REQUEST_SEED = "gen_ai.request.seed";
  /** The frequency penalty. */
  public static final String REQUEST_FREQUENCY_PENALTY = "gen_ai.request.frequency_penalty";
  /** The presence penalty. */
  public static final String REQUEST_PRESENCE_PENALTY = "gen_ai.request.presence_penalty";
  /** Whether the call streams; set on streams only. */
  public static final String REQUEST_STREAM = "gen_ai.request.stream";
  /** Input tokens of the call. */
  public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
  /** Output tokens of the call. */
  public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  /** Input tokens read from the provider's prompt cache. */
  public static final String USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
  /** Output tokens spent on reasoning. */
  public static final String USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens";
  /** {@link #TOKEN_TYPE_INPUT} or {@link #TOKEN_TYPE_OUTPUT}. */
  public static final String TOKEN_TYPE = "gen_ai.token.type";
  /** The host called. */
  public static final String SERVER_ADDRESS = "server.address";
  /** The port called. */
  public static final String SERVER_PORT = "server.port";
  /** The lowercase {@code ErrorCode} of a failure, or the exception's class name for a failure that is not one. */
  public static final String ERROR_TYPE = "error.type";
  /** The conversation sent, JSON (content capture only). */
  public static final String INPUT_MESSAGES = "gen_ai.input.messages";
  /** The answer, JSON (content capture only). */
  public static final String OUTPUT_MESSAGES = "gen_ai.output.messages";
  /** The system instructions, JSON (content capture only). */
  public static final String SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions";
  /** The tools offered, JSON (content capture only). */
  public static final String TOOL_DEFINITIONS = "gen_ai.tool.definitions";
  /** The call's outcome on {@link #METRIC_REQUESTS}: {@link #OUTCOME_SUCCESS}, {@link #OUTCOME_ERROR} or {@link
   * #OUTCOME_CANCELLED}. */
  public static final String OUTCOME = "beluga.llm.outcome";
  /** The retry's number, 1 for the first retry (on the {@link #EVENT_RETRY} span event). */
  public static final String RETRY_ATTEMPT = "beluga.llm.retry.attempt";
  /** The wait before the retry, in seconds (on the {@link #EVENT_RETRY} span event). */
  public static final String RETRY_DELAY = "beluga.llm.retry.delay";

  // --- Span events -------------------------------------------------------------------------------------------------

  /** A span event per retry, with {@link #RETRY_ATTEMPT}, {@link #RETRY_DELAY} and {@link #ERROR_TYPE}. */
  public static final String EVENT_RETRY = "beluga.llm.retry";

  // --- Values --------------------------------------------------------------------------------------------------------

  /** {@link #OPERATION_NAME} of a chat call. */
  public static final String OPERATION_CHAT = "chat";
  /** {@link #TOKEN_TYPE} of input tokens. */
  public static final String TOKEN_TYPE_INPUT = "input";
  /** {@link #TOKEN_TYPE} of output tokens. */
  public static final String TOKEN_TYPE_OUTPUT = "output";
  /** {@link #OUTCOME} of a call that answered. */
  public static final String OUTCOME_SUCCESS = "success";
  /** {@link #OUTCOME} of a call that failed. */
  public static final String OUTCOME_ERROR = "error";
  /** {@link #OUTCOME} of a call the caller cancelled, or a stream closed before its end. */
  public static final String OUTCOME_CANCELLED = "cancelled";

  // --- Opt-in switches ---------------------------------------------------------------------------------------------

  /** The environment variable whose value, containing {@link #LATEST_EXPERIMENTAL}, selects the newest draft. */
  public static final String ENV_SEMCONV_OPT_IN = "OTEL_SEMCONV_STABILITY_OPT_IN";
  /** The system property read when {@link #ENV_SEMCONV_OPT_IN} is unset. */
  public static final String PROPERTY_SEMCONV_OPT_IN = "otel.semconv-stability.opt-in";
  /** The opt-in value for the newest GenAI draft. */
  public static final String LATEST_EXPERIMENTAL = "gen_ai_latest_experimental";
  /** The environment variable that, {@code true}, turns content capture on. */
  public static final String ENV_CAPTURE_CONTENT = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
  /** The system property read when {@link #ENV_CAPTURE_CONTENT} is unset. */
  public static final String PROPERTY_CAPTURE_CONTENT = "otel.instrumentation.genai.capture-message-content";

  // --- Bucket advice -------------------------------------------------------------------------------------------------

  /** The conventions' bucket advice for the duration, time-to-first-chunk and time-per-chunk histograms, seconds. */
  public static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
      5.12, 10.24, 20.48, 40.96, 81.92);
  /** The conventions' bucket advice for token histograms. */
  public static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
      262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  private GenAiNames() {}

  /**
   * Maps a library provider name to the conventions' well-known {@code gen_ai.provider.name} value: {@code gemini} to
   * {@code gcp.gemini}, {@code vertex} to {@code gcp.vertex_ai}, {@code bedrock} to {@code aws.bedrock},
   * {@code mistral} to {@code mistral_ai}, {@code azure} and {@code azure-openai} to {@code azure.ai.openai},
   * {@code xai} to {@code x_ai}; {@code openai}, {@code anthropic}, {@code cohere}, {@code groq}, {@code deepseek},
   * {@code perplexity} as they are; any other name (such as {@code ollama} or {@code mock}, which the conventions do
   * not define) lowercased as it is.
   *
   * @param provider the library's provider name
   * @return the value of {@code gen_ai.provider.name}
   * @since 0.1.0
   */
  public static String providerName(String provider) {
    String name = provider.toLowerCase(Locale.ROOT);
    switch (name) {
      case "gemini":
      case "google":
      case "gcp.gemini":
        return "gcp.gemini";
      case "vertex":
      case "vertex_ai":
        return "gcp.vertex_ai";
      case "bedrock":
      case "aws.bedrock":
        return "aws.bedrock";
      case "mistral":
      case "mistral_ai":
        return "mistral_ai";
      case "azure":
      case "azure-openai":
      case "azure_openai":
        return "azure.ai.openai";
      case "xai":
      case "x_ai":
        return "x_ai";
      default:
        return name;
    }
  }
}
