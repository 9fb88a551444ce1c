package ai.beluga.llms.middleware;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorClassifier;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * Middleware that tries an ordered list of models: the wrapped model first, then each fallback in turn, moving on
 * only when a model fails with one of the chosen codes (for example {@code OVERLOADED}, {@code RATE_LIMIT}, or
 * {@code CONTEXT_LENGTH_EXCEEDED} to reach a model with a longer context). Any other error is thrown at once.
 *
 * <p>The answer records which model gave it: {@link ChatResponse#metadata()} holds {@value #ANSWERED_BY} =
 * {@code provider/model} and {@value #ANSWERED_BY_INDEX} = its position (0 for the wrapped model); a stream carries
 * them in its {@code ResponseStarted} event's metadata, so {@code collect()} has them too. A stream falls back only
 * before its first event reaches the subscriber. When every model fails, the last error is thrown with the
 * earlier ones as suppressed exceptions.
 *
 * <p>Each model keeps its own middleware: give every model its own retries (the factories do), and the fallback
 * happens once a model's retries are spent. The request's {@code ChatOptions.model}, if set, is cleared for the
 * fallbacks, since it names a model of the first provider.
 *
 * <pre>{@code
 * ChatModel model = Llms.wrap(primary, LlmOption.middleware(next ->
 *     new FallbackChatModel(next, List.of(secondary), Set.of(ErrorCode.OVERLOADED, ErrorCode.RATE_LIMIT))));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FallbackChatModel extends ForwardingChatModel {
  /** The metadata key naming the model that answered, as {@code provider/model}. */
  public static final String ANSWERED_BY = "beluga.fallback.model";
  /** The metadata key giving the position of the model that answered: 0 for the wrapped model. */
  public static final String ANSWERED_BY_INDEX = "beluga.fallback.index";

  private final List<ChatModel> models;
  private final Set<ErrorCode> on;

  /**
   * Wraps a model with fallbacks.
   *
   * @param primary the model tried first
   * @param fallbacks the models tried next, in order
   * @param on the codes that move on to the next model
   * @since 0.1.0
   */
  public FallbackChatModel(ChatModel primary, List<ChatModel> fallbacks, Set<ErrorCode> on) {
    super(primary);
    List<ChatModel> all = new ArrayList<>();
    all.add(primary);
    all.addAll(fallbacks);
    this.models = List.copyOf(all);
    this.on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
  }

  /**
   * Sends the request to each model in turn until one answers or fails with a code that does not fall back.
   *
   * @param request the request
   * @return the first answer, with the answering model in its metadata
   * @throws LlmException the first error whose code does not fall back, or the last model's error
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    List<LlmException> failures = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      ChatModel model = models.get(i);
      try {
        return recorded(model.chat(requestFor(i, request)), model, i);
      } catch (LlmException e) {
        if (!on.contains(e.code()) || i == models.size() - 1) {
          failures.forEach(e::addSuppressed);
          throw e;
        }
        failures.add(e);
      }
    }
    throw new IllegalStateException("unreachable: the loop ends by returning or throwing");
  }

  /**
   * Streams from each model in turn while a failure comes before the first event.
   *
   * @param request the request
   * @return the stream
   */
  @Override
  public ChatStream stream(ChatRequest request) {
    return ChatStream.of(new Switcher(request));
  }

  private ChatRequest requestFor(int index, ChatRequest request) {
    if (index == 0 || request.options().model().isEmpty()) {
      return request;
    }
    ChatOptions o = request.options();
    return request.withOptions(new ChatOptions(java.util.Optional.empty(), o.temperature(), o.topP(), o.topK(),
        o.maxOutputTokens(), o.stopSequences(), o.seed(), o.frequencyPenalty(), o.presencePenalty(), o.timeout(),
        o.streamIdleTimeout(), o.extraBody(), o.providerOptions()));
  }

  private static ChatResponse recorded(ChatResponse response, ChatModel model, int index) {
    Map<String, String> metadata = new HashMap<>(response.metadata());
    metadata.put(ANSWERED_BY, model.provider() + "/" + model.model());
    metadata.put(ANSWERED_BY_INDEX, Integer.toString(index));
    return new ChatResponse(response.message(), response.usage(), response.finishReason(), response.rawFinishReason(),
        response.id(), response.model(), metadata);
  }

  /** Passes one model's stream on, and moves to the next model on a fallback code before the first event. */
  private final class Switcher extends StreamRelay {
    private final ChatRequest request;
    private final List<LlmException> failures = new ArrayList<>();
    private volatile int index;

    Switcher(ChatRequest request) {
      this.request = request;
    }

    @Override
    protected void begin() {
      start(0);
    }

    private void start(int next) {
      index = next;
      if (isCancelled()) {
        return;
      }
      ChatStream stream;
      try {
        stream = models.get(next).stream(requestFor(next, request));
      } catch (RuntimeException e) {
        upstreamFailed(e, false);
        return;
      }
      relayFrom(stream);
    }

    /** Records the answering model in the stream's start event, as a non-streamed answer records it. */
    @Override
    protected StreamEvent onEvent(StreamEvent item) {
      if (!(item instanceof StreamEvent.ResponseStarted)) {
        return item;
      }
      StreamEvent.ResponseStarted started = (StreamEvent.ResponseStarted) item;
      ChatModel answering = models.get(index);
      Map<String, String> metadata = new HashMap<>(started.metadata());
      metadata.put(ANSWERED_BY, answering.provider() + "/" + answering.model());
      metadata.put(ANSWERED_BY_INDEX, Integer.toString(index));
      return new StreamEvent.ResponseStarted(started.id(), started.model(), metadata);
    }

    @Override
    protected void upstreamFailed(Throwable throwable, boolean delivered) {
      LlmException error = ErrorClassifier.fromThrowable(throwable, provider(), model());
      if (delivered || !on.contains(error.code()) || index == models.size() - 1) {
        failures.forEach(error::addSuppressed);
        fail(error);
        return;
      }
      failures.add(error);
      start(index + 1);
    }
  }
}
