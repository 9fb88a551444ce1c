package ai.beluga.llms.testkit;

import static ai.beluga.llms.testkit.ContractChecks.assertTookAboutTheDeadline;
import static ai.beluga.llms.testkit.ContractChecks.awaitTrue;
import static ai.beluga.llms.testkit.ContractChecks.countsOf;
import static ai.beluga.llms.testkit.ContractChecks.failureOf;
import static ai.beluga.llms.testkit.ContractChecks.finishedOf;
import static ai.beluga.llms.testkit.ContractChecks.ofType;
import static ai.beluga.llms.testkit.ContractChecks.readAll;
import static ai.beluga.llms.testkit.StreamEventAssertions.assertWellFormed;
import static ai.beluga.llms.testkit.StreamEventAssertions.assertWellFormedPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.testkit.ContractTarget.Capability;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolDefinition;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provider contract suite: every check that any {@link ChatModel} of any provider must pass, run table-driven
 * over a list of {@link ContractTarget}s. Extend it, return your targets, and every test runs once per target; tests
 * that need a {@link Capability} a target lacks are skipped for that target.
 *
 * <pre>{@code
 * class AcmeChatModelContractTest extends ChatModelContractTest {
 *   private final AcmeContractTarget target = new AcmeContractTarget();   // see ContractTarget
 *
 *   @AfterAll
 *   void closeTarget() {   // PER_CLASS: an instance method
 *     target.close();
 *   }
 *
 *   @Override
 *   protected List<ContractTarget> targets() {
 *     return List.of(target);
 *   }
 * }
 * }</pre>
 *
 * <p>What is checked: text answers (text, finish reason and its raw value, usage), {@code generate} and
 * {@code chatAsync}; streams (well-formed events, text joined from deltas, {@code collect()} equal to the
 * {@code chat} answer, {@code textStream()}, the publisher under a demand of one, no request before the stream is
 * read); the {@code LENGTH} finish reason; tools, bound tools and streamed tool calls; structured output;
 * reasoning; every error code the target declares, from {@code chat} and from {@code stream}, with its retryable
 * flag, HTTP status, provider and model, and a message that does not repeat the prompt; retry hints; streams that
 * fail part-way; timeouts; interruption; {@code chatAsync} cancellation; closing, unsubscribing and interrupting
 * streams, confirmed at the backend; and health.
 *
 * <p>The suite runs with one test instance per class ({@code PER_CLASS}), so {@link #targets()} may use instance
 * state; it is called once for each test method. Every test has a time limit of 20 seconds. To switch a single test
 * off for a provider while its bug is fixed, override the test method in the subclass, call {@code super}, and
 * annotate the override with {@code @ParameterizedTest}, the same {@code @MethodSource} as the suite's method (one of
 * {@link #contractTargets()}, {@link #errorCases()}, {@link #midStreamErrorCases()}, {@link #healthFailureCases()})
 * and {@code @Disabled("bug: ...")}:
 *
 * <pre>{@code
 * @Override
 * @ParameterizedTest
 * @MethodSource("contractTargets")
 * @Disabled("bug #123: usage is lost when the stream ends with [DONE]")
 * public void streamReportsUsage(ContractTarget target) {
 *   super.streamReportsUsage(target);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
public abstract class ChatModelContractTest {
  /** Sent as the prompt of every call; no error message may repeat it. */
  private static final String PROMPT = "contract prompt 5c1f: tell me about whales";
  /** Multi-byte characters, and a surrogate pair, so that split deltas must be joined correctly. */
  private static final String TEXT = "Hello from the contract suite: naïve café, 東京, 🐋 and a long tail of words.";
  private static final String REASONING = "The user greets me; a friendly answer fits. Ünïcödé thought 🤔.";
  private static final Usage USAGE = Usage.of(17, 9);
  private static final ToolDefinition WEATHER =
      ToolDefinition.of("get_weather", "Current weather for a city", WeatherQuery.class);
  private static final List<ToolCall> WEATHER_CALLS = List.of(
      ToolCall.of("call_paris", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
      ToolCall.of("call_tokyo", "get_weather", "{\"city\":\"Tōkyō\",\"unit\":\"fahrenheit\"}"));
  private static final List<WeatherQuery> WEATHER_ARGUMENTS =
      List.of(new WeatherQuery("Paris", "celsius"), new WeatherQuery("Tōkyō", "fahrenheit"));
  private static final String CITY_JSON = "{\"name\":\"Tokyo\",\"country\":\"Japan\",\"population\":14094034}";
  private static final String TEXT_BEFORE_FAILURE = "A partial answer, ünïcödé 🐋, then";
  /** How soon something that must happen "promptly" has to happen; generous, for busy CI machines. */
  private static final Duration PROMPTLY = Duration.ofSeconds(3);
  /**
   * How long to wait for the backend to report an abandoned stream. A stub server notices a closed connection only
   * when a later write fails, and on a loaded 2-core machine that once took more than {@link #PROMPTLY} (seen once in
   * about a dozen JDK 25 runs); the caller's side is still held to {@code PROMPTLY}.
   */
  private static final Duration BACKEND_NOTICES = Duration.ofSeconds(10);
  /** The timeout given to calls against a slow backend. */
  private static final Duration DEADLINE = Duration.ofMillis(300);
  /** How long a slow backend waits: far longer than any test. */
  private static final Duration SLOW = Duration.ofSeconds(60);
  /** How long to watch for something that must not happen. */
  private static final Duration SETTLE = Duration.ofMillis(100);

  /**
   * Creates the suite.
   *
   * @since 0.1.0
   */
  protected ChatModelContractTest() {}

  /**
   * Returns the targets to run every test against: one per provider (or per configuration of a provider) under
   * test. Called once for each test method; return targets whose backends can be scripted afresh.
   *
   * @return the targets, at least one, with distinct names
   * @since 0.1.0
   */
  protected abstract List<ContractTarget> targets();

  // ---------------------------------------------------------------------------------------------------------------
  // Text

  /**
   * A scripted text answer comes back whole, with finish reason {@code STOP}, its raw value kept, no tool calls, and
   * the provider's name on the model; the backend received exactly one request.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void answersWithTextAndFinishReasonStop(ContractTarget target) {
    ChatModel model = target.scriptText(TEXT, USAGE);

    ChatResponse response = model.chat(request());

    assertThat(response.text()).isEqualTo(TEXT);
    assertThat(response.hasToolCalls()).isFalse();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.rawFinishReason()).hasValueSatisfying(raw -> assertThat(raw).isNotBlank());
    assertThat(model.provider()).isEqualTo(target.provider());
    assertThat(target.requestCount()).isEqualTo(1);
  }

  /**
   * The input and output token counts the backend reported arrive in the response.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void reportsTheUsageOfAnAnswer(ContractTarget target) {
    requires(target, Capability.USAGE);

    ChatResponse response = target.scriptText(TEXT, USAGE).chat(request());

    assertThat(response.usage().inputTokens()).hasValue(USAGE.inputTokens().getAsLong());
    assertThat(response.usage().outputTokens()).hasValue(USAGE.outputTokens().getAsLong());
  }

  /**
   * {@code generate}, the plain {@code LLM} method, returns the answer's text.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void generateReturnsTheAnswerText(ContractTarget target) {
    assertThat(target.scriptText(TEXT, USAGE).generate(PROMPT)).isEqualTo(TEXT);
  }

  /**
   * {@code chatAsync} completes with the same answer {@code chat} gives.
   *
   * @param target the provider under test
   * @throws Exception if the future fails or times out
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void chatAsyncCompletesWithTheAnswer(ContractTarget target) throws Exception {
    ChatResponse response = target.scriptText(TEXT, USAGE).chatAsync(request())
        .get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(response.text()).isEqualTo(TEXT);
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  /**
   * {@code chatAsync} completes exceptionally with the {@link LlmException} {@code chat} would throw.
   *
   * @param target the provider under test
   * @throws Exception if the future does not complete in time
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void chatAsyncFailsWithAnLlmException(ContractTarget target) throws Exception {
    assumeTrue(!target.errorCodes().isEmpty(), () -> target.name() + " declares no error codes");
    ErrorCode code = target.errorCodes().stream().sorted().findFirst().orElseThrow();
    CompletableFuture<ChatResponse> future = target.scriptError(code).chatAsync(request());

    Throwable failure = failureOf(future, PROMPTLY);

    assertThat(failure).isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  /**
   * An answer cut off at the token limit finishes with {@code LENGTH}, and keeps its raw reason.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void truncatedAnswerFinishesWithLength(ContractTarget target) {
    ChatResponse response = target.scriptTruncated(TEXT).chat(request());

    assertThat(response.text()).isEqualTo(TEXT);
    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.rawFinishReason()).hasValueSatisfying(raw -> assertThat(raw).isNotBlank());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Streams

  /**
   * A streamed answer is well formed (one {@code ResponseStarted} first, exactly one {@code Finished}), its text
   * deltas join to the text, and it finishes with {@code STOP} and a raw reason.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void streamIsWellFormedAndCarriesTheText(ContractTarget target) {
    try (ChatStream stream = target.scriptStream(TEXT, USAGE).stream(request())) {
      List<StreamEvent> events = readAll(stream);

      assertWellFormed(events);
      assertThat(StreamEventAssertions.text(events)).isEqualTo(TEXT);
      assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance)
          .as("text deltas (the target must split the text)").hasSizeGreaterThanOrEqualTo(2);
      StreamEvent.Finished finished = finishedOf(events);
      assertThat(finished.reason()).isEqualTo(FinishReason.STOP);
      assertThat(finished.rawReason()).hasValueSatisfying(raw -> assertThat(raw).isNotBlank());
    }
  }

  /**
   * {@code collect()} on a stream gives the same message, finish reason, raw reason and (where both report it) usage
   * as {@code chat} gives for the same answer.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void collectedStreamEqualsTheChatAnswer(ContractTarget target) {
    ChatResponse chatted = target.scriptText(TEXT, USAGE).chat(request());
    ChatResponse collected;
    try (ChatStream stream = target.scriptStream(TEXT, USAGE).stream(request())) {
      collected = stream.collect();
    }

    assertThat(collected.message()).isEqualTo(chatted.message());
    assertThat(collected.finishReason()).isEqualTo(chatted.finishReason());
    assertThat(collected.rawFinishReason()).isEqualTo(chatted.rawFinishReason());
    if (has(target, Capability.USAGE) && has(target, Capability.USAGE_IN_STREAMS)) {
      assertThat(countsOf(collected.usage())).isEqualTo(countsOf(chatted.usage()));
    }
  }

  /**
   * {@code textStream()} yields the answer's text.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void textStreamYieldsTheText(ContractTarget target) {
    try (Stream<String> text = target.scriptStream(TEXT, USAGE).stream(request()).textStream()) {
      assertThat(text.collect(Collectors.joining())).isEqualTo(TEXT);
    }
  }

  /**
   * Through {@code toPublisher()}, with a subscriber that asks for one event at a time: no event comes before it is
   * requested, signals never overlap, nothing follows the end, and the events are a well-formed stream of the text.
   *
   * @param target the provider under test
   * @throws Exception if the stream does not complete in time
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void publisherHonoursADemandOfOne(ContractTarget target) throws Exception {
    RecordingSubscriber subscriber = new RecordingSubscriber(false);
    target.scriptStream(TEXT, USAGE).stream(request()).toPublisher().subscribe(subscriber);

    awaitTrue(() -> !subscriber.events().isEmpty(), "the first event to arrive", PROMPTLY);
    Thread.sleep(SETTLE.toMillis());
    assertThat(subscriber.events()).as("events delivered with a demand of 1").hasSize(1);
    subscriber.requestOneAfterEach();
    subscriber.done().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(subscriber.violations()).isEmpty();
    assertWellFormed(subscriber.events());
    assertThat(StreamEventAssertions.text(subscriber.events())).isEqualTo(TEXT);
  }

  /**
   * Creating a stream sends nothing; the request goes out when the stream is first read.
   *
   * @param target the provider under test
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void streamSendsNoRequestUntilItIsRead(ContractTarget target) throws InterruptedException {
    try (ChatStream stream = target.scriptStream(TEXT, USAGE).stream(request())) {
      Thread.sleep(SETTLE.toMillis());
      assertThat(target.requestCount()).as("requests before the stream was read").isZero();

      stream.collect();

      assertThat(target.requestCount()).as("requests after the stream was read").isEqualTo(1);
    }
  }

  /**
   * Closing a stream that was never read sends no request at all.
   *
   * @param target the provider under test
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void closingAnUnreadStreamSendsNoRequest(ContractTarget target) throws InterruptedException {
    ChatStream stream = target.scriptStream(TEXT, USAGE).stream(request());

    stream.close();
    Thread.sleep(SETTLE.toMillis());

    assertThat(target.requestCount()).as("requests after closing an unread stream").isZero();
  }

  /**
   * A stream reports the backend's input and output token counts in at least one usage event, and
   * {@code collect()} carries them.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void streamReportsUsage(ContractTarget target) {
    requires(target, Capability.USAGE_IN_STREAMS);
    try (ChatStream stream = target.scriptStream(TEXT, USAGE).stream(request())) {
      List<StreamEvent> events = readAll(stream);
      ChatResponse collected = stream.collect();

      assertThat(events).filteredOn(StreamEvent.UsageReported.class::isInstance).isNotEmpty();
      assertThat(collected.usage().inputTokens()).hasValue(USAGE.inputTokens().getAsLong());
      assertThat(collected.usage().outputTokens()).hasValue(USAGE.outputTokens().getAsLong());
    }
  }

  /**
   * A streamed answer cut off at the token limit finishes with {@code LENGTH}.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void truncatedStreamFinishesWithLength(ContractTarget target) {
    try (ChatStream stream = target.scriptStreamTruncated(TEXT).stream(request())) {
      List<StreamEvent> events = readAll(stream);

      assertWellFormed(events);
      assertThat(StreamEventAssertions.text(events)).isEqualTo(TEXT);
      assertThat(finishedOf(events).reason()).isEqualTo(FinishReason.LENGTH);
      assertThat(stream.collect().finishReason()).isEqualTo(FinishReason.LENGTH);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Tools and structured output

  /**
   * Tools are sent, and the answer's tool calls come back in order with an id, the tool's name and arguments that
   * bind to the tool's type; the finish reason is {@code TOOL_CALLS}.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void answersWithToolCalls(ContractTarget target) {
    requires(target, Capability.TOOLS);
    ChatModel model = target.scriptToolCalls(WEATHER_CALLS);

    ChatResponse response = model.chat(ChatRequest.builder().addMessage(Message.user(PROMPT)).addTool(WEATHER).build());

    assertThat(target.lastRequestToolNames()).containsExactly(WEATHER.name());
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.rawFinishReason()).isPresent();
    assertToolCalls(response.toolCalls());
  }

  /**
   * Tools bound with {@code withTools} are sent with a request that has none of its own.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void sendsToolsBoundWithWithTools(ContractTarget target) {
    requires(target, Capability.TOOLS);
    ChatModel model = target.scriptToolCalls(WEATHER_CALLS).withTools(WEATHER);

    ChatResponse response = model.chat(request());

    assertThat(target.lastRequestToolNames()).containsExactly(WEATHER.name());
    assertThat(response.toolCalls()).hasSize(WEATHER_CALLS.size());
  }

  /**
   * Streamed tool calls arrive by index: started once, then argument fragments, then completed with the whole
   * arguments (never earlier), before a {@code TOOL_CALLS} finish; {@code collect()} holds the completed calls.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void streamsToolCallsByIndex(ContractTarget target) {
    requires(target, Capability.STREAMED_TOOLS);
    ChatModel model = target.scriptStreamedToolCalls(WEATHER_CALLS);
    ChatRequest request = ChatRequest.builder().addMessage(Message.user(PROMPT)).addTool(WEATHER).build();

    try (ChatStream stream = model.stream(request)) {
      List<StreamEvent> events = readAll(stream);

      assertWellFormed(events);
      List<StreamEvent.ToolCallStarted> started = ofType(events, StreamEvent.ToolCallStarted.class);
      List<StreamEvent.ToolCallCompleted> completed = ofType(events, StreamEvent.ToolCallCompleted.class);
      assertThat(started).extracting(StreamEvent.ToolCallStarted::index).containsExactly(0, 1);
      assertThat(completed).extracting(StreamEvent.ToolCallCompleted::index).containsExactly(0, 1);
      List<ToolCall> calls = new ArrayList<>();
      for (StreamEvent.ToolCallCompleted call : completed) {
        calls.add(call.toolCall());
      }
      assertToolCalls(calls);
      assertThat(finishedOf(events).reason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(stream.collect().toolCalls()).isEqualTo(calls);
    }
  }

  /**
   * {@code chat(request, type)} sends a JSON Schema of the type as the response format and binds the answer to the
   * record.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void bindsStructuredOutputToARecord(ContractTarget target) {
    requires(target, Capability.STRUCTURED_OUTPUT);

    CityFacts facts = target.scriptStructured(CITY_JSON).chat(request(), CityFacts.class);

    assertThat(facts).isEqualTo(new CityFacts("Tokyo", "Japan", 14_094_034L));
    assertThat(target.lastRequestResponseSchema()).as("the JSON Schema the request carried")
        .hasValueSatisfying(schema -> assertThat(schema).contains("\"name\"", "\"country\"", "\"population\""));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reasoning

  /**
   * An answer with reasoning keeps the reasoning text apart from the answer's text.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void answersWithReasoning(ContractTarget target) {
    requires(target, Capability.REASONING);

    ChatResponse response = target.scriptReasoning(REASONING, TEXT).chat(request());

    assertThat(response.message().reasoningText()).isEqualTo(REASONING);
    assertThat(response.text()).isEqualTo(TEXT);
  }

  /**
   * A streamed answer with reasoning sends reasoning deltas that join to the reasoning, apart from the text deltas;
   * {@code collect()} keeps both.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void streamsReasoning(ContractTarget target) {
    requires(target, Capability.REASONING);
    try (ChatStream stream = target.scriptStreamedReasoning(REASONING, TEXT).stream(request())) {
      List<StreamEvent> events = readAll(stream);

      assertWellFormed(events);
      assertThat(StreamEventAssertions.reasoningText(events)).isEqualTo(REASONING);
      assertThat(StreamEventAssertions.text(events)).isEqualTo(TEXT);
      ChatResponse collected = stream.collect();
      assertThat(collected.message().reasoningText()).isEqualTo(REASONING);
      assertThat(collected.text()).isEqualTo(TEXT);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Errors

  /**
   * Each error code the target declares surfaces from {@code chat} as an {@link LlmException} with that code, its
   * fixed retryable flag, the scripted HTTP status, the provider's name and the model, and a message that does not
   * repeat the prompt.
   *
   * @param target the provider under test
   * @param code the scripted error's code
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("errorCases")
  public void chatFailsWithTheScriptedErrorCode(ContractTarget target, ErrorCode code) {
    assumeTrue(code != null, () -> target.name() + " declares no error codes");
    ChatModel model = target.scriptError(code);

    assertThatThrownBy(() -> model.chat(request()))
        .isInstanceOfSatisfying(LlmException.class, e -> assertScriptedError(target, code, e));
  }

  /**
   * Each error code the target declares surfaces from a stream's iterator the same way, with no {@code Finished}
   * event before it.
   *
   * @param target the provider under test
   * @param code the scripted error's code
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("errorCases")
  public void streamFailsWithTheScriptedErrorCode(ContractTarget target, ErrorCode code) {
    assumeTrue(code != null, () -> target.name() + " declares no error codes");
    List<StreamEvent> seen = new ArrayList<>();
    try (ChatStream stream = target.scriptError(code).stream(request())) {
      assertThatThrownBy(() -> stream.forEach(seen::add))
          .isInstanceOfSatisfying(LlmException.class, e -> assertScriptedError(target, code, e));
    }
    assertWellFormedPrefix(seen);
    assertThat(seen).noneMatch(StreamEvent.Finished.class::isInstance);
  }

  /**
   * A rate-limit error carries the backend's retry hint as {@code retryAfter()}.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void rateLimitErrorCarriesTheRetryHint(ContractTarget target) {
    requires(target, Capability.RETRY_AFTER);
    assumeTrue(target.errorCodes().contains(ErrorCode.RATE_LIMIT), () -> target.name() + " has no RATE_LIMIT");
    ChatModel model = target.scriptError(ErrorCode.RATE_LIMIT);

    assertThatThrownBy(() -> model.chat(request())).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.retryAfter()).hasValue(ContractTarget.SCRIPTED_RETRY_AFTER));
  }

  /**
   * A stream that fails after it started delivers the events before the failure, then throws the failure from the
   * iterator; {@code responseSoFar()} holds the partial text and no finish.
   *
   * @param target the provider under test
   * @param code the code of the failure
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("midStreamErrorCases")
  public void streamFailingMidwayKeepsThePartialAnswer(ContractTarget target, ErrorCode code) {
    assumeTrue(code != null, () -> target.name() + " declares no mid-stream error codes");
    List<StreamEvent> seen = new ArrayList<>();
    try (ChatStream stream = target.scriptStreamFailingMidway(TEXT_BEFORE_FAILURE, code).stream(request())) {
      assertThatThrownBy(() -> stream.forEach(seen::add)).isInstanceOfSatisfying(LlmException.class, e -> {
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.retryable()).isEqualTo(code.retryable());
        assertThat(e.provider()).hasValue(target.provider());
      });

      assertWellFormedPrefix(seen);
      assertThat(seen).isNotEmpty().noneMatch(StreamEvent.Finished.class::isInstance);
      assertThat(StreamEventAssertions.text(seen)).isEqualTo(TEXT_BEFORE_FAILURE);
      ChatResponse partial = stream.responseSoFar();
      assertThat(partial.text()).isEqualTo(TEXT_BEFORE_FAILURE);
      assertThat(partial.finishReason()).isEqualTo(FinishReason.UNKNOWN);
    }
  }

  /**
   * Through {@code toPublisher()}, a stream that fails after it started delivers the events before the failure and
   * then the failure to {@code onError}.
   *
   * @param target the provider under test
   * @param code the code of the failure
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("midStreamErrorCases")
  public void publisherReportsAMidwayFailureToOnError(ContractTarget target, ErrorCode code) {
    assumeTrue(code != null, () -> target.name() + " declares no mid-stream error codes");
    RecordingSubscriber subscriber = new RecordingSubscriber(true);

    target.scriptStreamFailingMidway(TEXT_BEFORE_FAILURE, code).stream(request()).toPublisher().subscribe(subscriber);
    Throwable failure = failureOf(subscriber.done(), PROMPTLY);

    assertThat(failure).isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.code()).isEqualTo(code));
    assertThat(subscriber.violations()).isEmpty();
    assertWellFormedPrefix(subscriber.events());
    assertThat(StreamEventAssertions.text(subscriber.events())).isEqualTo(TEXT_BEFORE_FAILURE);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Timeouts and interruption

  /**
   * A call with a short timeout against a slow backend fails with {@code TIMEOUT} at its deadline: not much before
   * it, and promptly after it.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void chatTimesOutAtItsDeadline(ContractTarget target) {
    requires(target, Capability.TIMEOUTS);
    ChatModel model = target.scriptSlow(SLOW);
    ChatRequest request = request(ChatOptions.builder().timeout(DEADLINE).build());

    long start = System.nanoTime();
    assertThatThrownBy(() -> model.chat(request)).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
      assertThat(e.retryable()).isTrue();
      assertThat(e.provider()).hasValue(target.provider());
    });

    assertTookAboutTheDeadline(start, DEADLINE, PROMPTLY);
  }

  /**
   * A stream with a short timeout against a slow backend fails with {@code TIMEOUT} from the iterator, at its
   * deadline.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void streamTimesOutAtItsDeadline(ContractTarget target) {
    requires(target, Capability.TIMEOUTS);
    ChatModel model = target.scriptSlow(SLOW);
    ChatRequest request = request(ChatOptions.builder().timeout(DEADLINE).build());

    long start = System.nanoTime();
    try (ChatStream stream = model.stream(request)) {
      assertThatThrownBy(() -> stream.forEach(event -> { })).isInstanceOfSatisfying(LlmException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
    }

    assertTookAboutTheDeadline(start, DEADLINE, PROMPTLY);
  }

  /**
   * Interrupting a thread blocked in {@code chat} makes the call fail promptly with {@code CANCELLED}, with the
   * thread's interrupt flag set again.
   *
   * @param target the provider under test
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void interruptingABlockedChatCancelsIt(ContractTarget target) throws InterruptedException {
    requires(target, Capability.TIMEOUTS);
    ChatModel model = target.scriptSlow(SLOW);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean flagSet = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        model.chat(request());
      } catch (Throwable t) {
        failure.set(t);
        flagSet.set(Thread.currentThread().isInterrupted());
      }
    }, "contract-blocked-chat");
    caller.setDaemon(true);

    caller.start();
    awaitTrue(() -> target.requestCount() == 1, "the backend to receive the request", PROMPTLY);
    caller.interrupt();
    caller.join(PROMPTLY.toMillis());

    assertThat(caller.isAlive()).as("the interrupted call is still running").isFalse();
    assertThat(failure.get()).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    assertThat(flagSet).as("interrupt flag set after CANCELLED").isTrue();
  }

  /**
   * Cancelling the future of a {@code chatAsync} call against a slow backend cancels it at once, and the model keeps
   * serving calls afterwards.
   *
   * @param target the provider under test
   * @throws Exception if the later call fails
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void cancellingChatAsyncCancelsTheCall(ContractTarget target) throws Exception {
    requires(target, Capability.TIMEOUTS);
    CompletableFuture<ChatResponse> future = target.scriptSlow(SLOW).chatAsync(request());
    awaitTrue(() -> target.requestCount() == 1, "the backend to receive the request", PROMPTLY);

    assertThat(future.cancel(true)).isTrue();

    assertThat(future).isCancelled();
    assertThatThrownBy(() -> future.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(CancellationException.class);
    ChatResponse next = target.scriptText(TEXT, USAGE).chatAsync(request())
        .get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(next.text()).isEqualTo(TEXT);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Cancellation of streams

  /**
   * Closing a stream while events are flowing returns promptly, ends iteration, and the backend sees the stream
   * abandoned.
   *
   * @param target the provider under test
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void closingAStreamMidwayStopsTheBackend(ContractTarget target) throws InterruptedException {
    requires(target, Capability.CANCELLATION);
    ChatStream stream = target.scriptEndlessStream().stream(request());
    Iterator<StreamEvent> events = stream.iterator();
    List<StreamEvent> seen = new ArrayList<>();
    while (ofType(seen, StreamEvent.TextDelta.class).size() < 3 && events.hasNext()) {
      seen.add(events.next());
    }

    long start = System.nanoTime();
    stream.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to close").isLessThan(PROMPTLY);
    assertThat(events.hasNext()).as("hasNext() after close()").isFalse();
    assertThat(target.awaitCancelled(BACKEND_NOTICES)).as("the backend saw the stream abandoned").isTrue();
    assertWellFormedPrefix(seen);
  }

  /**
   * Closing a stream from another thread while a reader is blocked waiting for the next event releases the reader
   * promptly (its {@code hasNext()} returns {@code false}), and the backend sees the stream abandoned.
   *
   * @param target the provider under test
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void closingFromAnotherThreadReleasesABlockedReader(ContractTarget target) throws InterruptedException {
    requires(target, Capability.CANCELLATION);
    ChatStream stream = target.scriptStalledStream().stream(request());
    List<StreamEvent> seen = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        stream.forEach(seen::add);
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "contract-stalled-reader");
    reader.setDaemon(true);
    reader.start();
    awaitTrue(() -> !seen.isEmpty(), "the first event of the stalled stream", PROMPTLY);
    Thread.sleep(SETTLE.toMillis());

    stream.close();
    reader.join(PROMPTLY.toMillis());

    assertThat(reader.isAlive()).as("the blocked reader is still blocked after close()").isFalse();
    assertThat(failure.get()).as("what the released reader threw").isNull();
    assertThat(target.awaitCancelled(BACKEND_NOTICES)).as("the backend saw the stream abandoned").isTrue();
  }

  /**
   * Cancelling the subscription of a stream consumed through {@code toPublisher()} makes the backend see the stream
   * abandoned.
   *
   * @param target the provider under test
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void cancellingTheSubscriptionStopsTheBackend(ContractTarget target) throws InterruptedException {
    requires(target, Capability.CANCELLATION);
    RecordingSubscriber subscriber = new RecordingSubscriber(true);
    target.scriptEndlessStream().stream(request()).toPublisher().subscribe(subscriber);
    awaitTrue(() -> subscriber.events().size() >= 3, "three events of the endless stream", PROMPTLY);

    subscriber.cancel();

    assertThat(target.awaitCancelled(BACKEND_NOTICES)).as("the backend saw the stream abandoned").isTrue();
    assertThat(subscriber.violations()).isEmpty();
  }

  /**
   * Interrupting a thread blocked reading a stream makes the iterator throw {@code CANCELLED} with the interrupt flag
   * set again, and the backend sees the stream abandoned.
   *
   * @param target the provider under test
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void interruptingABlockedStreamReaderCancelsIt(ContractTarget target) throws InterruptedException {
    requires(target, Capability.CANCELLATION);
    try (ChatStream stream = target.scriptStalledStream().stream(request())) {
      List<StreamEvent> seen = new CopyOnWriteArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicBoolean flagSet = new AtomicBoolean();
      Thread reader = new Thread(() -> {
        try {
          stream.forEach(seen::add);
        } catch (Throwable t) {
          failure.set(t);
          flagSet.set(Thread.currentThread().isInterrupted());
        }
      }, "contract-interrupted-reader");
      reader.setDaemon(true);
      reader.start();
      awaitTrue(() -> !seen.isEmpty(), "the first event of the stalled stream", PROMPTLY);
      Thread.sleep(SETTLE.toMillis());

      reader.interrupt();
      reader.join(PROMPTLY.toMillis());

      assertThat(reader.isAlive()).as("the interrupted reader is still blocked").isFalse();
      assertThat(failure.get()).isInstanceOfSatisfying(LlmException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
      assertThat(flagSet).as("interrupt flag set after CANCELLED").isTrue();
      assertThat(target.awaitCancelled(BACKEND_NOTICES)).as("the backend saw the stream abandoned").isTrue();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Health

  /**
   * A passing probe reports {@code HEALTHY}, with no error code.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void reportsHealthy(ContractTarget target) {
    requires(target, Capability.HEALTH);

    HealthStatus status = target.scriptHealthy().checkHealth();

    assertThat(status.state()).isEqualTo(HealthStatus.State.HEALTHY);
    assertThat(status.errorCode()).isEmpty();
    assertThat(status.latency()).isGreaterThanOrEqualTo(Duration.ZERO);
  }

  /**
   * A failing probe reports the failure without throwing: not healthy ({@code UNHEALTHY} for a code that is not
   * retryable), with the probe's error code and a detail.
   *
   * @param target the provider under test
   * @param code the probe failure's code
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("healthFailureCases")
  public void reportsUnhealthyWithTheProbeErrorCode(ContractTarget target, ErrorCode code) {
    requires(target, Capability.HEALTH);
    assumeTrue(code != null, () -> target.name() + " declares neither AUTHENTICATION nor SERVER_ERROR");

    HealthStatus status = target.scriptUnhealthy(code).checkHealth();

    assertThat(status.state()).isNotEqualTo(HealthStatus.State.HEALTHY);
    if (!code.retryable()) {
      assertThat(status.state()).isEqualTo(HealthStatus.State.UNHEALTHY);
    }
    assertThat(status.errorCode()).hasValue(code);
    assertThat(status.detail()).hasValueSatisfying(detail -> assertThat(detail).isNotBlank());
  }

  /**
   * A probe the provider answers with its rate-limit error (HTTP 429) reports {@code DEGRADED}, not
   * {@code UNHEALTHY}: the provider is up but limiting, so traffic should slow down rather than move elsewhere. The
   * status carries {@code RATE_LIMIT} and a detail.
   *
   * @param target the provider under test
   * @since 0.1.0
   */
  @ParameterizedTest
  @MethodSource("contractTargets")
  public void reportsDegradedWhenTheProbeIsRateLimited(ContractTarget target) {
    requires(target, Capability.HEALTH);
    assumeTrue(target.errorCodes().contains(ErrorCode.RATE_LIMIT),
        () -> target.name() + " does not declare RATE_LIMIT");

    HealthStatus status = target.scriptHealthRateLimited().checkHealth();

    assertThat(status.state()).isEqualTo(HealthStatus.State.DEGRADED);
    assertThat(status.errorCode()).hasValue(ErrorCode.RATE_LIMIT);
    assertThat(status.detail()).hasValueSatisfying(detail -> assertThat(detail).isNotBlank());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Argument sources: named rows, one per target (and code)

  /**
   * The rows of the tests that take a target only: one per target, named by {@link ContractTarget#name()}.
   *
   * @return the rows
   * @since 0.1.0
   */
  protected final Stream<Arguments> contractTargets() {
    return checkedTargets().stream().map(target -> argumentSet(target.name(), target));
  }

  /**
   * The rows of the error code tests: one per target and code of {@link ContractTarget#errorCodes()}, or one row
   * (skipped) for a target with no codes.
   *
   * @return the rows
   * @since 0.1.0
   */
  protected final Stream<Arguments> errorCases() {
    return checkedTargets().stream().flatMap(target -> rows(target, target.errorCodes().stream()));
  }

  /**
   * The rows of the mid-stream failure tests: one per target and code of
   * {@link ContractTarget#midStreamErrorCodes()}, or one row (skipped) for a target with no codes.
   *
   * @return the rows
   * @since 0.1.0
   */
  protected final Stream<Arguments> midStreamErrorCases() {
    return checkedTargets().stream().flatMap(target -> rows(target, target.midStreamErrorCodes().stream()));
  }

  /**
   * The rows of the failing health probe test: one per target and code among {@code AUTHENTICATION} and
   * {@code SERVER_ERROR} that the target declares, or one row (skipped) for a target with neither.
   *
   * @return the rows
   * @since 0.1.0
   */
  protected final Stream<Arguments> healthFailureCases() {
    return checkedTargets().stream().flatMap(target -> rows(target,
        Stream.of(ErrorCode.AUTHENTICATION, ErrorCode.SERVER_ERROR).filter(target.errorCodes()::contains)));
  }

  private List<ContractTarget> checkedTargets() {
    List<ContractTarget> targets = targets();
    if (targets == null || targets.isEmpty()) {
      throw new IllegalStateException(getClass().getName() + ".targets() returned no targets; return at least one");
    }
    return targets;
  }

  /** One row per code; a single row with a null code, which the test skips, when there is none. */
  private static Stream<Arguments> rows(ContractTarget target, Stream<ErrorCode> codes) {
    List<Arguments> rows = codes.sorted()
        .map(code -> argumentSet(target.name() + ": " + code, target, code))
        .collect(Collectors.toList());
    return rows.isEmpty() ? Stream.of(argumentSet(target.name() + ": none", target, null)) : rows.stream();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  private static ChatRequest request() {
    return ChatRequest.of(PROMPT);
  }

  private static ChatRequest request(ChatOptions options) {
    return ChatRequest.builder().addMessage(Message.user(PROMPT)).options(options).build();
  }

  private static boolean has(ContractTarget target, Capability capability) {
    return target.capabilities().contains(capability);
  }

  private static void requires(ContractTarget target, Capability capability) {
    assumeTrue(has(target, capability), () -> target.name() + " does not declare " + capability);
  }

  private static void assertToolCalls(List<ToolCall> calls) {
    assertThat(calls).extracting(ToolCall::name).containsExactly("get_weather", "get_weather");
    assertThat(calls).extracting(ToolCall::id).allSatisfy(id -> assertThat(id).isNotBlank()).doesNotHaveDuplicates();
    List<WeatherQuery> arguments = new ArrayList<>();
    for (ToolCall call : calls) {
      arguments.add(call.argumentsAs(WeatherQuery.class));
    }
    assertThat(arguments).isEqualTo(WEATHER_ARGUMENTS);
  }

  private static void assertScriptedError(ContractTarget target, ErrorCode code, LlmException e) {
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.retryable()).as("retryable").isEqualTo(code.retryable());
    assertThat(e.provider()).as("provider").hasValue(target.provider());
    assertThat(e.model()).as("model").hasValueSatisfying(model -> assertThat(model).isNotBlank());
    target.scriptedHttpStatus(code).ifPresent(status -> assertThat(e.httpStatus()).as("HTTP status").hasValue(status));
    assertThat(e.getMessage()).as("the message must not repeat the conversation").doesNotContain(PROMPT);
  }

  /**
   * The arguments of the suite's {@code get_weather} tool.
   *
   * @param city the city
   * @param unit {@code celsius} or {@code fahrenheit}
   * @since 0.1.0
   */
  public record WeatherQuery(String city, String unit) {}

  /**
   * The record the suite's structured output binds to.
   *
   * @param name the city's name
   * @param country its country
   * @param population its population
   * @since 0.1.0
   */
  public record CityFacts(String name, String country, long population) {}
}
