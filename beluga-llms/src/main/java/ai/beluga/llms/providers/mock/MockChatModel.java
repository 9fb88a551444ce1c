package ai.beluga.llms.providers.mock;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.schema.ContentPart;
import ai.beluga.schema.Message;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code mock} provider's model: answers from a {@link MockScript}, records every request, and streams scripted
 * answers in chunks with delays, without any network. Build it with {@code Mock.chatModel(config)}, which adds the same
 * middleware as for a real provider.
 *
 * <p>What it does with a call: lays the call's options over the config's defaults and records the resulting request;
 * takes the next scripted reply (or echoes the last user message); waits for the config's latency plus the reply's
 * delay, bounded by the call's timeout ({@code TIMEOUT} when the wait would pass it); then answers or fails. When the
 * scripted response has no usage, usage is estimated as one token per four characters (at least one), so that token
 * metrics can be exercised; when it has no id, one is generated ({@code mock-1}, {@code mock-2}, ...).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class MockChatModel implements ChatModel {
  private final MockConfig config;
  private final ProviderContext context;
  private final AtomicLong sequence = new AtomicLong();

  /**
   * Creates the model from a validated config.
   *
   * @param config the config
   * @param context the scheduler and clock to use
   * @throws ai.beluga.llms.config.InvalidConfigException if the config is invalid
   * @since 0.1.0
   */
  public MockChatModel(MockConfig config, ProviderContext context) {
    this.config = config.validate();
    this.context = context;
  }

  @Override
  public String provider() {
    return "mock";
  }

  @Override
  public String model() {
    return config.model();
  }

  /**
   * {@return the script this model answers from}
   *
   * @since 0.1.0
   */
  public MockScript script() {
    return config.script();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    ChatRequest effective = request.withOptions(request.options().mergedOver(config.defaultOptions()));
    MockReply reply = replyFor(effective);
    Duration wait = config.latency().plus(reply.delay());
    Optional<Duration> timeout = effective.options().timeout();
    boolean timesOut = timeout.isPresent() && wait.compareTo(timeout.get()) > 0;
    sleep(timesOut ? timeout.get() : wait, effective);
    if (timesOut) {
      throw timeout(effective, timeout.get());
    }
    if (reply.failure().isPresent()) {
      throw withModel(reply.failure().get(), effective);
    }
    return complete(reply.response().orElseThrow(), effective);
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    return ChatStream.of(new MockStreamPublisher(() -> plan(request), context.scheduler()));
  }

  @Override
  public HealthStatus checkHealth() {
    Instant now = context.clock().instant();
    MockScript script = config.script();
    switch (script.healthState()) {
      case HEALTHY:
        return HealthStatus.healthy(Duration.ZERO, now);
      case DEGRADED:
        return HealthStatus.degraded(Duration.ZERO, now, "scripted degraded health", script.healthError().orElse(null));
      default:
        return HealthStatus.unhealthy(Duration.ZERO, now, "scripted unhealthy health",
            script.healthError().orElse(ErrorCode.SERVER_ERROR));
    }
  }

  private MockStreamPublisher.MockStreamPlan plan(ChatRequest request) {
    ChatRequest effective = request.withOptions(request.options().mergedOver(config.defaultOptions()));
    MockReply reply = replyFor(effective);
    Duration firstDelay = config.latency().plus(reply.delay());
    Optional<Duration> timeout = effective.options().timeout();
    LlmException timedOut = null;
    if (timeout.isPresent() && firstDelay.compareTo(timeout.get()) > 0) {
      firstDelay = timeout.get();
      timedOut = timeout(effective, timeout.get());
    }
    LlmException failure = reply.failure().map(f -> withModel(f, effective)).orElse(null);
    return new MockStreamPublisher.MockStreamPlan(
        reply.response().map(r -> MockEvents.of(complete(r, effective), config.streamChunkSize()))
            .orElse(java.util.List.of()),
        failure, reply.failAfterEvents(), firstDelay, config.streamChunkDelay(), timedOut);
  }

  private MockReply replyFor(ChatRequest effective) {
    return config.script().next(effective).orElseGet(() -> MockReply.text("mock: " + lastUserText(effective)));
  }

  private ChatResponse complete(ChatResponse scripted, ChatRequest request) {
    Usage usage = scripted.usage().isEmpty() ? estimateUsage(request, scripted) : scripted.usage();
    Optional<String> id = scripted.id().isPresent() ? scripted.id()
        : Optional.of("mock-" + sequence.incrementAndGet());
    Optional<String> model = scripted.model().isPresent() ? scripted.model()
        : Optional.of(request.options().model().orElse(config.model()));
    Optional<String> raw = scripted.rawFinishReason().isPresent() ? scripted.rawFinishReason()
        : Optional.of(scripted.finishReason().lowerCaseName());
    return new ChatResponse(scripted.message(), usage, scripted.finishReason(), raw, id, model, scripted.metadata());
  }

  private LlmException withModel(LlmException failure, ChatRequest request) {
    return failure.toBuilder().provider("mock").model(request.options().model().orElse(config.model())).build();
  }

  private LlmException timeout(ChatRequest request, Duration timeout) {
    return LlmException.builder(ErrorCode.TIMEOUT, "the call did not finish within its timeout of "
        + timeout.toMillis() + " ms").provider("mock").model(request.options().model().orElse(config.model())).build();
  }

  private void sleep(Duration wait, ChatRequest request) {
    if (wait.isZero()) {
      return;
    }
    try {
      Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LlmException.builder(ErrorCode.CANCELLED, "the calling thread was interrupted")
          .provider("mock").model(request.options().model().orElse(config.model())).cause(e).build();
    }
  }

  private static String lastUserText(ChatRequest request) {
    for (int i = request.messages().size() - 1; i >= 0; i--) {
      Message message = request.messages().get(i);
      if (message instanceof Message.User) {
        return ((Message.User) message).text();
      }
    }
    return "";
  }

  private static Usage estimateUsage(ChatRequest request, ChatResponse response) {
    long inputChars = 0;
    for (Message message : request.messages()) {
      inputChars += charsOf(message);
    }
    long outputChars = response.text().length() + response.message().reasoningText().length();
    for (ToolCall call : response.toolCalls()) {
      outputChars += call.name().length() + call.arguments().length();
    }
    return Usage.of(tokens(inputChars), tokens(outputChars));
  }

  private static long charsOf(Message message) {
    if (message instanceof Message.System) {
      return ((Message.System) message).text().length();
    }
    if (message instanceof Message.User) {
      long chars = 0;
      for (ContentPart part : ((Message.User) message).content()) {
        chars += part instanceof ContentPart.Text ? ((ContentPart.Text) part).text().length() : 1000;
      }
      return chars;
    }
    if (message instanceof Message.Assistant) {
      return ((Message.Assistant) message).text().length();
    }
    return ((Message.ToolResult) message).content().length();
  }

  private static long tokens(long chars) {
    return Math.max(1, (chars + 3) / 4);
  }
}
