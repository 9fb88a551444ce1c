package ai.beluga.llms.testkit;

import ai.beluga.llms.providers.mock.Mock;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.mock.MockReply;
import ai.beluga.llms.providers.mock.MockScript;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolDefinition;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The contract target of the {@code mock} provider, and the worked example of a {@link ContractTarget}: each scenario
 * is a {@link MockScript} with one reply, played by a fresh model built with {@code Mock.chatModel}.
 *
 * <p>Where an HTTP provider's target queues wire bytes on a stub server, this one queues {@link MockReply}s; where an
 * HTTP target reads the recorded request body, this one reads {@link MockScript#lastRequest()}. For
 * {@link Capability#CANCELLATION}, where a stub server sees the connection close, the mock has no connection: this
 * target reports a stream abandoned when two things it can observe have both happened. A cancellation reached the
 * mock provider's own subscription (seen by a pass-through middleware placed innermost, next to the provider), and
 * the mock's event emitter, which runs on a scheduler the target gives each model, stopped scheduling work. The
 * emitter going quiet alone would prove nothing: it also goes quiet when nobody asks for more events.
 *
 * <p>Options given to the constructor are passed to every model, so middleware authors can run the whole suite
 * through their middleware:
 *
 * <pre>{@code
 * class AuditMiddlewareContractTest extends ChatModelContractTest {
 *   protected List<ContractTarget> targets() {
 *     return List.of(new MockContractTarget("mock+audit", LlmOption.middleware(new AuditMiddleware())));
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: use one instance per test class, from one test at a time.
 *
 * @since 0.1.0
 */
public final class MockContractTarget implements ContractTarget {
  /** Characters per streamed delta: small, so that every scripted text and argument list spans several deltas. */
  private static final int CHUNK_SIZE = 8;
  /** The pause between the deltas of an endless stream. */
  private static final Duration ENDLESS_PACE = Duration.ofMillis(5);
  /** How long a stream emitter must stay quiet after its last tick before it counts as stopped. */
  private static final Duration QUIET_PERIOD = Duration.ofMillis(60);
  /** One shared daemon pool; each model sees it through its own {@link ObservedScheduler}. */
  private static final ScheduledExecutorService SCHEDULER = createScheduler();

  private final String name;
  private final List<LlmOption> options;
  private MockScript script = MockScript.create();
  private ObservedScheduler scheduler = new ObservedScheduler(SCHEDULER);
  private CancelProbe probe = new CancelProbe();

  /**
   * Creates the target of the bare {@code mock} provider, named {@code mock}.
   *
   * @since 0.1.0
   */
  public MockContractTarget() {
    this("mock");
  }

  /**
   * Creates a target whose models are built with these options, such as middleware to check.
   *
   * @param name the name shown in test names
   * @param options options for {@code Mock.chatModel}; a scheduler among them is replaced by the target's own, which it
   *     needs to observe cancellation
   * @since 0.1.0
   */
  public MockContractTarget(String name, LlmOption... options) {
    this.name = Objects.requireNonNull(name, "name");
    this.options = List.copyOf(Arrays.asList(options));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ContractTarget withOptions(LlmOption... extra) {
    List<LlmOption> all = new ArrayList<>(options);
    all.addAll(Arrays.asList(extra));
    return new MockContractTarget(name, all.toArray(new LlmOption[0]));
  }

  @Override
  public String provider() {
    return "mock";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /**
   * {@return every code but {@code INVALID_CONFIG} and {@code CANCELLED}: the mock can be scripted to fail with any
   * code its backend could produce}
   *
   * @since 0.1.0
   */
  @Override
  public Set<ErrorCode> errorCodes() {
    return EnumSet.complementOf(EnumSet.of(ErrorCode.INVALID_CONFIG, ErrorCode.CANCELLED));
  }

  @Override
  public Set<ErrorCode> midStreamErrorCodes() {
    return EnumSet.of(ErrorCode.NETWORK, ErrorCode.OVERLOADED, ErrorCode.SERVER_ERROR, ErrorCode.INVALID_RESPONSE);
  }

  @Override
  public ChatModel scriptText(String text, Usage usage) {
    return play(MockReply.of(answer(text, List.of(), usage, FinishReason.STOP)));
  }

  @Override
  public ChatModel scriptStream(String text, Usage usage) {
    return scriptText(text, usage);
  }

  @Override
  public ChatModel scriptTruncated(String text) {
    return play(MockReply.of(answer(text, List.of(), Usage.empty(), FinishReason.LENGTH)));
  }

  @Override
  public ChatModel scriptStreamTruncated(String text) {
    return scriptTruncated(text);
  }

  @Override
  public ChatModel scriptToolCalls(List<ToolCall> calls) {
    return play(MockReply.toolCalls(calls));
  }

  @Override
  public ChatModel scriptStreamedToolCalls(List<ToolCall> calls) {
    return scriptToolCalls(calls);
  }

  @Override
  public ChatModel scriptStructured(String json) {
    return play(MockReply.text(json));
  }

  @Override
  public ChatModel scriptReasoning(String reasoning, String text) {
    return play(MockReply.of(answer(text, List.of(Reasoning.of(reasoning)), Usage.empty(), FinishReason.STOP)));
  }

  @Override
  public ChatModel scriptStreamedReasoning(String reasoning, String text) {
    return scriptReasoning(reasoning, text);
  }

  @Override
  public ChatModel scriptError(ErrorCode code) {
    // No provider is set here: the mock must stamp its own name and model on what its "backend" throws.
    LlmException.Builder failure = LlmException.builder(code, "scripted " + code.errorType() + " failure");
    scriptedHttpStatus(code).ifPresent(failure::httpStatus);
    if (code == ErrorCode.RATE_LIMIT) {
      failure.retryAfter(SCRIPTED_RETRY_AFTER);
    }
    return play(MockReply.failure(failure.build()));
  }

  @Override
  public OptionalInt scriptedHttpStatus(ErrorCode code) {
    switch (code) {
      case INVALID_INPUT:
      case CONTEXT_LENGTH_EXCEEDED:
      case CONTENT_FILTERED:
        return OptionalInt.of(400);
      case AUTHENTICATION:
        return OptionalInt.of(401);
      case PERMISSION_DENIED:
        return OptionalInt.of(403);
      case NOT_FOUND:
        return OptionalInt.of(404);
      case REQUEST_TOO_LARGE:
        return OptionalInt.of(413);
      case RATE_LIMIT:
      case QUOTA_EXCEEDED:
        return OptionalInt.of(429);
      case OVERLOADED:
        return OptionalInt.of(529);
      case SERVER_ERROR:
        return OptionalInt.of(500);
      case TIMEOUT:
        return OptionalInt.of(504);
      default:
        return OptionalInt.empty();
    }
  }

  @Override
  public ChatModel scriptStreamFailingMidway(String textBefore, ErrorCode code) {
    // One text delta holds all of textBefore (the chunk is longer than it), so the failure comes after exactly two
    // events: ResponseStarted and that delta.
    MockReply reply = MockReply.of(answer(textBefore, List.of(), Usage.empty(), FinishReason.STOP))
        .failingAfter(2, code);
    return play(reply, textBefore.length() + 1, Duration.ZERO);
  }

  @Override
  public ChatModel scriptSlow(Duration delay) {
    return play(MockReply.text("too late").withDelay(delay));
  }

  @Override
  public ChatModel scriptEndlessStream() {
    // 50,000 deltas 5 ms apart: about four minutes, far longer than any test.
    return play(MockReply.text("endless ".repeat(50_000)), CHUNK_SIZE, ENDLESS_PACE);
  }

  @Override
  public ChatModel scriptStalledStream() {
    // ResponseStarted goes out at once; the next event is an hour away.
    return play(MockReply.text("stalled"), CHUNK_SIZE, Duration.ofHours(1));
  }

  @Override
  public boolean awaitCancelled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!probe.cancelReachedProvider()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(2);
    }
    return scheduler.awaitQuiet(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), QUIET_PERIOD);
  }

  @Override
  public ChatModel scriptHealthy() {
    return play(MockScript.create().health(HealthStatus.State.HEALTHY, null));
  }

  @Override
  public ChatModel scriptUnhealthy(ErrorCode code) {
    return play(MockScript.create().health(HealthStatus.State.UNHEALTHY, code));
  }

  @Override
  public ChatModel scriptHealthRateLimited() {
    return play(MockScript.create().health(HealthStatus.State.DEGRADED, ErrorCode.RATE_LIMIT));
  }

  @Override
  public int requestCount() {
    return script.requests().size();
  }

  @Override
  public List<String> lastRequestToolNames() {
    List<String> names = new ArrayList<>();
    for (ToolDefinition tool : script.lastRequest().map(ChatRequest::tools).orElse(List.of())) {
      names.add(tool.name());
    }
    return names;
  }

  @Override
  public Optional<String> lastRequestResponseSchema() {
    return script.lastRequest().flatMap(ChatRequest::responseFormat)
        .filter(format -> format instanceof ResponseFormat.JsonSchemaFormat)
        .map(format -> ((ResponseFormat.JsonSchemaFormat) format).schema().json());
  }

  private ChatModel play(MockReply reply) {
    return play(reply, CHUNK_SIZE, Duration.ZERO);
  }

  private ChatModel play(MockReply reply, int chunkSize, Duration chunkDelay) {
    return build(MockScript.create().failWhenEmpty().enqueue(reply), chunkSize, chunkDelay);
  }

  private ChatModel play(MockScript healthScript) {
    return build(healthScript.failWhenEmpty(), CHUNK_SIZE, Duration.ZERO);
  }

  private ChatModel build(MockScript next, int chunkSize, Duration chunkDelay) {
    script = next;
    scheduler = new ObservedScheduler(SCHEDULER);
    MockConfig config = MockConfig.builder()
        .script(next)
        .streamChunkSize(chunkSize)
        .streamChunkDelay(chunkDelay)
        .build();
    probe = new CancelProbe();
    List<LlmOption> all = new ArrayList<>();
    // First, so that a caller's own retry option wins: the suite scripts one reply per call, and a scripted retryable
    // error must reach the test rather than be retried into an unscripted reply.
    all.add(LlmOption.retry(ai.beluga.llms.middleware.RetryPolicy.none()));
    all.addAll(options);
    // Last, so that the scheduler wins over one among the caller's options and the probe is the innermost middleware.
    all.add(LlmOption.scheduler(scheduler));
    all.add(LlmOption.middleware(probe));
    return Mock.chatModel(config, all.toArray(new LlmOption[0]));
  }

  private static ChatResponse answer(String text, List<Reasoning> reasoning, Usage usage, FinishReason reason) {
    // No raw reason, id or model: the mock fills them in, as a provider decodes them from its wire.
    return new ChatResponse(new Message.Assistant(text, reasoning, List.of()), usage, reason, Optional.empty(),
        Optional.empty(), Optional.empty(), Map.of());
  }

  private static ScheduledExecutorService createScheduler() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, task -> {
      Thread thread = new Thread(task, "beluga-contract-mock");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
