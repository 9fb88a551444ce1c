package ai.beluga.llms.testkit;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One provider, as the contract suite ({@link ChatModelContractTest}) sees it: what it can do, which errors it can
 * produce, and a <em>scripter</em> that prepares the provider's backend for the next call and hands back the
 * {@link ChatModel} to make that call with.
 *
 * <p>The suite never speaks a wire format. A provider on the HTTP engine implements each {@code script...} method by
 * queueing its exact wire answer on a local stub server (a JSON body, an SSE or NDJSON stream, an error body with its
 * status and headers) and returning a model whose base URL points at that server; the {@code mock} provider does it
 * with a {@code MockScript} ({@link MockContractTarget} is the worked example). The {@code lastRequest...} and
 * {@link #requestCount()} hooks read back what the backend actually received, so that the suite can check that tools
 * and response formats were transmitted, not merely accepted.
 *
 * <p>A provider on the HTTP engine does not implement this interface by hand: it extends {@link HttpContractTarget},
 * which runs every scenario on a fresh {@link StubServer} (so that nothing queued or recorded for an earlier test can
 * leak into the next one) and reads every hook back from that server, and supplies only its wire snippets (answer
 * bodies, stream frames, error bodies) and its error table. The test kit's own tests hold the worked example,
 * {@code ReferenceContractTarget}, for a made-up wire format.
 *
 * <p>Rules every target follows:
 *
 * <ul>
 *   <li>Each {@code script...} call replaces whatever was scripted before: the backend answers the <em>next</em> call
 *       (chat or stream, whichever the method names) as described, and nothing left over from an earlier test can
 *       leak into it.
 *   <li>The returned model may be new or reused, but it must not serve a cached result (such as a cached health
 *       status) from before the script call, and must not retry: the suite checks single calls.
 *   <li>A scenario whose capability is not in {@link #capabilities()} is never called. The default methods for those
 *       scenarios throw {@link UnsupportedOperationException}, so declaring a capability without implementing its
 *       scenario fails loudly instead of passing quietly.
 * </ul>
 *
 * <p>Implementations need not be thread-safe: the suite calls a target from one test at a time (the calls it makes
 * on the returned model may come from other threads).
 *
 * @since 0.1.0
 */
public interface ContractTarget {

  /**
   * The retry hint a target with {@link Capability#RETRY_AFTER} puts in its scripted {@code RATE_LIMIT} error: two
   * seconds, as a {@code Retry-After} header, a {@code retry-after-ms} header or an in-body delay, whichever the
   * provider sends.
   *
   * @since 0.1.0
   */
  Duration SCRIPTED_RETRY_AFTER = Duration.ofSeconds(2);

  /**
   * {@return the name the suite shows for this target in test names, such as {@code openai} or
   * {@code openai-compatible (groq)}}
   *
   * @implSpec The default returns {@link #provider()}.
   * @since 0.1.0
   */
  default String name() {
    return provider();
  }

  /**
   * {@return the provider name the models report ({@code ChatModel.provider()}) and every {@code LlmException} from
   * them carries}
   *
   * @since 0.1.0
   */
  String provider();

  /**
   * {@return what this provider, and this target's scripter, can do; tests of anything missing are skipped}
   *
   * @since 0.1.0
   */
  Set<Capability> capabilities();

  /**
   * {@return the error codes this provider classifies from its backend's answers, each of which
   * {@link #scriptError(ErrorCode)} can script; the suite checks every one for chat and for stream}
   *
   * <p>Leave out codes that never come from the backend: {@code INVALID_CONFIG} (raised when a model is built) and
   * {@code CANCELLED} (raised by the caller's own thread).
   *
   * @since 0.1.0
   */
  Set<ErrorCode> errorCodes();

  /**
   * {@return the error codes a stream of this provider can fail with after it has started, each of which
   * {@link #scriptStreamFailingMidway(String, ErrorCode)} can script}
   *
   * <p>Any provider whose connection can be cut can fail with {@code NETWORK}; providers that send errors inside a
   * stream after HTTP 200 (an Anthropic {@code overloaded_error} event, an Ollama {@code {"error": ...}} line) add
   * the codes those events map to. Empty skips the mid-stream failure tests.
   *
   * @since 0.1.0
   */
  Set<ErrorCode> midStreamErrorCodes();

  /**
   * Scripts a plain, non-streamed answer: the text, finish reason {@code STOP} (with the provider's raw value for
   * it), and this usage if the provider reports usage.
   *
   * @param text the answer's text; may hold any Unicode
   * @param usage input and output token counts to report
   * @return the model to call {@code chat} on
   * @since 0.1.0
   */
  ChatModel scriptText(String text, Usage usage);

  /**
   * Scripts the same answer as {@link #scriptText(String, Usage)}, streamed: the text in several deltas, usage in the
   * stream if the target has {@link Capability#USAGE_IN_STREAMS}, then the finish.
   *
   * @param text the answer's text; split it into at least two deltas, across a multi-byte character where the wire
   *     format allows
   * @param usage input and output token counts to report
   * @return the model to call {@code stream} on
   * @since 0.1.0
   */
  ChatModel scriptStream(String text, Usage usage);

  /**
   * Scripts a non-streamed answer cut off at the output token limit: finish reason {@code LENGTH}.
   *
   * @param text the partial text
   * @return the model to call {@code chat} on
   * @since 0.1.0
   */
  ChatModel scriptTruncated(String text);

  /**
   * Scripts a streamed answer cut off at the output token limit: finish reason {@code LENGTH}.
   *
   * @param text the partial text
   * @return the model to call {@code stream} on
   * @since 0.1.0
   */
  ChatModel scriptStreamTruncated(String text);

  /**
   * Scripts a non-streamed answer holding these tool calls, in order, and no text. Requires
   * {@link Capability#TOOLS}.
   *
   * @param calls the calls; a provider whose wire has no call ids may drop the ids, but must then generate
   *     distinct ones
   * @return the model to call {@code chat} on
   * @since 0.1.0
   */
  default ChatModel scriptToolCalls(List<ToolCall> calls) {
    throw notImplemented(Capability.TOOLS, "scriptToolCalls");
  }

  /**
   * Scripts a streamed answer holding these tool calls, in order: each call opened, its arguments sent in several
   * fragments where the wire format allows, and closed. Requires {@link Capability#STREAMED_TOOLS}.
   *
   * @param calls the calls
   * @return the model to call {@code stream} on
   * @since 0.1.0
   */
  default ChatModel scriptStreamedToolCalls(List<ToolCall> calls) {
    throw notImplemented(Capability.STREAMED_TOOLS, "scriptStreamedToolCalls");
  }

  /**
   * Scripts a non-streamed answer whose text is this JSON, as a model in structured output mode returns it. Requires
   * {@link Capability#STRUCTURED_OUTPUT}.
   *
   * @param json the answer, a JSON object
   * @return the model to call {@code chat(request, type)} on
   * @since 0.1.0
   */
  default ChatModel scriptStructured(String json) {
    throw notImplemented(Capability.STRUCTURED_OUTPUT, "scriptStructured");
  }

  /**
   * Scripts a non-streamed answer with readable reasoning before its text. Requires {@link Capability#REASONING}.
   *
   * @param reasoning the reasoning text
   * @param text the answer's text
   * @return the model to call {@code chat} on
   * @since 0.1.0
   */
  default ChatModel scriptReasoning(String reasoning, String text) {
    throw notImplemented(Capability.REASONING, "scriptReasoning");
  }

  /**
   * Scripts the answer of {@link #scriptReasoning(String, String)}, streamed. Requires {@link Capability#REASONING}.
   *
   * @param reasoning the reasoning text
   * @param text the answer's text
   * @return the model to call {@code stream} on
   * @since 0.1.0
   */
  default ChatModel scriptStreamedReasoning(String reasoning, String text) {
    throw notImplemented(Capability.REASONING, "scriptStreamedReasoning");
  }

  /**
   * Scripts the provider's exact wire error for a code (status, headers and body, or an error event), answered to the
   * next call whether it is a chat or a stream, before any part of an answer. For {@code RATE_LIMIT}, a target with
   * {@link Capability#RETRY_AFTER} includes a retry hint of {@link #SCRIPTED_RETRY_AFTER}.
   *
   * @param code one of {@link #errorCodes()}
   * @return the model to call
   * @since 0.1.0
   */
  ChatModel scriptError(ErrorCode code);

  /**
   * {@return the HTTP status of the error {@link #scriptError(ErrorCode)} scripts for this code, or empty when that
   * error is not an HTTP error status (a transport failure, an error event after HTTP 200, an unparseable body)}
   *
   * @param code one of {@link #errorCodes()}
   * @since 0.1.0
   */
  OptionalInt scriptedHttpStatus(ErrorCode code);

  /**
   * Scripts a stream that starts, sends exactly {@code textBefore} as text, and then fails with the provider's wire
   * form of {@code code}: a cut connection for {@code NETWORK}, an error event or line for the others. No finish is
   * sent.
   *
   * @param textBefore the text sent before the failure
   * @param code one of {@link #midStreamErrorCodes()}
   * @return the model to call {@code stream} on
   * @since 0.1.0
   */
  ChatModel scriptStreamFailingMidway(String textBefore, ErrorCode code);

  /**
   * Scripts a backend that waits this long before answering the next call (chat or stream) at all; the suite gives
   * the call a much shorter timeout, or interrupts it. Requires {@link Capability#TIMEOUTS}.
   *
   * @param delay how long the backend waits, far longer than the test
   * @return the model to call
   * @since 0.1.0
   */
  default ChatModel scriptSlow(Duration delay) {
    throw notImplemented(Capability.TIMEOUTS, "scriptSlow");
  }

  /**
   * Scripts a stream that keeps sending text deltas at a steady pace (a few milliseconds apart) for far longer than
   * any test, until the client goes away. Requires {@link Capability#CANCELLATION}.
   *
   * @return the model to call {@code stream} on
   * @since 0.1.0
   */
  default ChatModel scriptEndlessStream() {
    throw notImplemented(Capability.CANCELLATION, "scriptEndlessStream");
  }

  /**
   * Scripts a stream that sends enough to produce at least its {@code ResponseStarted} event and then stalls: no more
   * bytes, the exchange held open, until the client goes away. Requires {@link Capability#CANCELLATION}.
   *
   * @return the model to call {@code stream} on
   * @since 0.1.0
   */
  default ChatModel scriptStalledStream() {
    throw notImplemented(Capability.CANCELLATION, "scriptStalledStream");
  }

  /**
   * Waits until the backend has seen the client abandon the last scripted stream (for a stub server, the connection
   * closed or reset; for the mock, its emission of events stopped). Requires {@link Capability#CANCELLATION}. Report
   * only what the backend can observe: never return {@code true} on the strength of the client's own state.
   *
   * @param timeout how long to wait
   * @return whether the backend saw the stream abandoned within the time
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1.0
   */
  default boolean awaitCancelled(Duration timeout) throws InterruptedException {
    throw notImplemented(Capability.CANCELLATION, "awaitCancelled");
  }

  /**
   * Scripts a health probe that succeeds. Requires {@link Capability#HEALTH}.
   *
   * @return the model to call {@code checkHealth} on
   * @since 0.1.0
   */
  default ChatModel scriptHealthy() {
    throw notImplemented(Capability.HEALTH, "scriptHealthy");
  }

  /**
   * Scripts a health probe that fails with the provider's wire error for a code. Requires {@link Capability#HEALTH}.
   *
   * @param code {@code AUTHENTICATION} or {@code SERVER_ERROR}, when in {@link #errorCodes()}
   * @return the model to call {@code checkHealth} on
   * @since 0.1.0
   */
  default ChatModel scriptUnhealthy(ErrorCode code) {
    throw notImplemented(Capability.HEALTH, "scriptUnhealthy");
  }

  /**
   * Scripts a health probe that the provider answers with its wire error for {@code RATE_LIMIT} (HTTP 429 with its
   * body and headers, as {@link #scriptError(ErrorCode)} sends it), which must be reported as {@code DEGRADED}: the
   * provider is up but limiting. Requires {@link Capability#HEALTH} and {@code RATE_LIMIT} among
   * {@link #errorCodes()}.
   *
   * @return the model to call {@code checkHealth} on
   * @since 0.1.0
   */
  default ChatModel scriptHealthRateLimited() {
    throw notImplemented(Capability.HEALTH, "scriptHealthRateLimited");
  }

  /**
   * {@return how many chat or stream requests the backend has received since the last {@code script...} call}
   *
   * @since 0.1.0
   */
  int requestCount();

  /**
   * {@return the names of the tools the most recent request carried, as the provider encoded them on the wire, in
   * order; empty if it carried none}
   *
   * <p>Required by {@link Capability#TOOLS}.
   *
   * @since 0.1.0
   */
  default List<String> lastRequestToolNames() {
    throw notImplemented(Capability.TOOLS, "lastRequestToolNames");
  }

  /**
   * {@return the JSON Schema the most recent request asked the answer to follow, as JSON text in whatever shape the
   * provider sends it (a {@code response_format}, a {@code responseSchema}, a forced tool), or empty if it asked for
   * none}
   *
   * <p>Required by {@link Capability#STRUCTURED_OUTPUT}.
   *
   * @since 0.1.0
   */
  default Optional<String> lastRequestResponseSchema() {
    throw notImplemented(Capability.STRUCTURED_OUTPUT, "lastRequestResponseSchema");
  }

  /**
   * Returns a target like this one whose models are also built with these options, for example
   * {@code LlmOption.openTelemetry(sdk)} in the {@link TelemetryContractTest}.
   *
   * @implSpec The default throws {@code UnsupportedOperationException}: a target that builds its models with
   *     {@code Llms} factories or {@code Llms.wrap} passes the options on.
   * @param options options added after the target's own
   * @return a new target
   * @since 0.1.0
   */
  default ContractTarget withOptions(LlmOption... options) {
    throw new UnsupportedOperationException("contract target '" + name() + "' cannot take extra options;"
        + " implement withOptions(...) to run the telemetry contract suite");
  }

  /**
   * {@return the value of a header of the last request the backend received, or empty when there is none or the
   * target has no wire (the mock)}
   *
   * @param name the header's name, in any case
   * @since 0.1.0
   */
  default Optional<String> lastRequestHeader(String name) {
    return Optional.empty();
  }

  /**
   * {@return whether the target's models send HTTP requests, so that {@code server.address} and trace headers can
   * be checked}
   *
   * @since 0.1.0
   */
  default boolean sendsHttp() {
    return false;
  }

  private UnsupportedOperationException notImplemented(Capability capability, String method) {
    return new UnsupportedOperationException("contract target '" + name() + "' declares capability " + capability
        + " but does not implement " + method + "(...); implement it or drop the capability");
  }

  /**
   * What a provider, and its target's scripter, can do. Each test of the suite that needs a capability the target
   * does not declare is skipped (JUnit assumptions), so a provider without tools still runs everything else.
   *
   * @since 0.1.0
   */
  enum Capability {
    /** The provider sends tools and returns tool calls; the suite also checks tools bound with {@code withTools}. */
    TOOLS,
    /** The provider streams tool calls: started, argument fragments and completed, by index. */
    STREAMED_TOOLS,
    /** The provider sends a JSON Schema response format and {@code chat(request, Class)} binds the answer. */
    STRUCTURED_OUTPUT,
    /** The provider returns readable reasoning, whole and streamed. */
    REASONING,
    /** The provider reports input and output token counts on a non-streamed answer. */
    USAGE,
    /** The provider reports input and output token counts inside a stream. */
    USAGE_IN_STREAMS,
    /** The target's scripted {@code RATE_LIMIT} error carries a retry hint of {@link #SCRIPTED_RETRY_AFTER}. */
    RETRY_AFTER,
    /**
     * The target can script a slow backend ({@link #scriptSlow(Duration)}); the suite checks per-call timeouts,
     * interruption of a blocked {@code chat}, and cancellation of {@code chatAsync}'s future.
     */
    TIMEOUTS,
    /**
     * The target can script endless and stalled streams and observe, at the backend, that the client abandoned them
     * ({@link #awaitCancelled(Duration)}); the suite checks closing, unsubscribing and interrupting.
     */
    CANCELLATION,
    /** The provider has a health probe the target can script to pass or fail. */
    HEALTH
  }
}
