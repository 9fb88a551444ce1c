package ai.beluga.llms.observability;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.middleware.ForwardingChatModel;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The telemetry decorator: wraps any {@link ChatModel} so that each call emits the GenAI semantic conventions' metrics
 * and one CLIENT span named {@code chat {model}}, plus the library's {@code beluga.llm.*} counters and one SLF4J log
 * line. The model assembly ({@code ai.beluga.llms.assembly}) applies it as the outermost layer of every model it
 * builds, from the options {@code LlmOption.openTelemetry}, {@code Flag.CAPTURE_MESSAGE_CONTENT} and
 * {@code Flag.PROPAGATE_TRACE_CONTEXT}; {@code Llms.wrap} applies it to a model of your own. No provider contains
 * telemetry code. docs/OBSERVABILITY.md lists everything emitted.
 *
 * <p>Without an {@link OpenTelemetry} it reports to {@code GlobalOpenTelemetry.getOrNoop()}, read once, when the
 * model is built (never {@code GlobalOpenTelemetry.get()}, which would freeze the global to a no-op for an SDK
 * registered later): register the SDK or agent before building models, or pass it with the option. Environment:
 * {@value GenAiNames#ENV_SEMCONV_OPT_IN} containing {@value GenAiNames#LATEST_EXPERIMENTAL} selects the newest draft's
 * metric names; {@value GenAiNames#ENV_CAPTURE_CONTENT}{@code =true} turns content capture on. Both are read when the
 * model is built, with the system properties {@value GenAiNames#PROPERTY_SEMCONV_OPT_IN} and
 * {@value GenAiNames#PROPERTY_CAPTURE_CONTENT} as fallbacks.
 *
 * <pre>{@code
 * ChatModel observed = InstrumentedChatModel.wrap(myOwnModel, openTelemetry, false, false);
 * }</pre>
 *
 * <p>Immutable and thread-safe. Telemetry never throws: a failure to record is logged at debug and the call goes on.
 *
 * @since 0.1.0
 */
public final class InstrumentedChatModel extends ForwardingChatModel {
  private final Telemetry telemetry;

  private InstrumentedChatModel(ChatModel delegate, Telemetry telemetry) {
    super(delegate);
    this.telemetry = telemetry;
  }

  /**
   * Wraps a model in the telemetry decorator that reports to the global OpenTelemetry as it is now
   * ({@code GlobalOpenTelemetry.getOrNoop()}, read here, once): register the SDK or agent before building models.
   *
   * @param model the model to observe
   * @param captureMessageContent {@code true} records messages and tool definitions on spans; {@code false} leaves it
   *     to {@value GenAiNames#ENV_CAPTURE_CONTENT}
   * @param propagateTraceContext whether to send the W3C trace context with each request
   * @return the observed model
   * @since 0.1.0
   */
  public static ChatModel wrap(ChatModel model, boolean captureMessageContent, boolean propagateTraceContext) {
    return create(model, GlobalOpenTelemetry.getOrNoop(), captureMessageContent, propagateTraceContext);
  }

  /**
   * Wraps a model in the telemetry decorator that reports to the given OpenTelemetry.
   *
   * @param model the model to observe
   * @param openTelemetry where spans, metrics and the propagator come from
   * @param captureMessageContent {@code true} records messages and tool definitions on spans; {@code false} leaves it
   *     to {@value GenAiNames#ENV_CAPTURE_CONTENT}
   * @param propagateTraceContext whether to send the W3C trace context with each request
   * @return the observed model
   * @since 0.1.0
   */
  public static ChatModel wrap(ChatModel model, OpenTelemetry openTelemetry, boolean captureMessageContent,
      boolean propagateTraceContext) {
    return create(model, Objects.requireNonNull(openTelemetry, "openTelemetry"), captureMessageContent,
        propagateTraceContext);
  }

  private static ChatModel create(ChatModel model, OpenTelemetry openTelemetry, boolean captureMessageContent,
      boolean propagateTraceContext) {
    Objects.requireNonNull(model, "model");
    boolean capture = captureMessageContent
        || isTrue(setting(GenAiNames.ENV_CAPTURE_CONTENT, GenAiNames.PROPERTY_CAPTURE_CONTENT));
    String optIn = setting(GenAiNames.ENV_SEMCONV_OPT_IN, GenAiNames.PROPERTY_SEMCONV_OPT_IN);
    boolean latest = optIn != null && optIn.contains(GenAiNames.LATEST_EXPERIMENTAL);
    // The instruments are built once per model, here.
    return new InstrumentedChatModel(model, new Telemetry(openTelemetry, latest, capture, propagateTraceContext));
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    CallObservation call = CallObservation.start(telemetry, delegate(), request, false);
    ChatResponse response;
    try (Scope ignored = call.makeCurrent()) {
      response = delegate().chat(request);
    } catch (RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
    call.succeeded(response);
    return response;
  }

  /**
   * Sends a request without blocking the caller, through the wrapped model's own asynchronous call, with the span
   * current while it is sent. The returned future is the wrapped model's, so {@code cancel(true)} still aborts the
   * exchange.
   *
   * @param request the request
   * @return a future of the answer
   */
  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    CallObservation call = CallObservation.start(telemetry, delegate(), request, false);
    CompletableFuture<ChatResponse> future;
    try (Scope ignored = call.makeCurrent()) {
      future = delegate().chatAsync(request);
    } catch (RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
    future.whenComplete((response, error) -> {
      if (error != null) {
        call.failed(error);
      } else {
        call.succeeded(response);
      }
    });
    return future;
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    ChatStream inner = delegate().stream(request);
    return ChatStream.of(new InstrumentedPublisher(inner, telemetry, delegate(), request));
  }

  private static String setting(String environmentVariable, String systemProperty) {
    String value = System.getenv(environmentVariable);
    return value != null ? value : System.getProperty(systemProperty);
  }

  private static boolean isTrue(String value) {
    return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
  }
}
