package ai.beluga.llms.testkit;

import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.middleware.RetryPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The stub-server side of an HTTP provider's {@link ContractTarget}: the {@link StubServer} of the current scenario,
 * and the hooks that read it back. A target starts a fresh server for each scenario with {@link #nextServer()} (which
 * closes the one before, ending any exchange still held open), so a response queued for a stream that was never read
 * cannot leak into the next scenario. The hooks count only the chat requests, those whose method and path are the
 * chat endpoint's.
 *
 * <p>Targets derived by {@link ContractTarget#withOptions(LlmOption...)} share their base target's backend, so that
 * a derived target's scenario replaces the base's, its hooks can be read from either, and it is closed with the base.
 *
 * <p>Scripting happens on one thread; the hooks may be polled from another.
 *
 * @since 0.1.0
 */
public final class StubBackend implements AutoCloseable {
  private final String chatMethod;
  private final String chatPath;
  private final AtomicReference<StubServer> server = new AtomicReference<>();

  /**
   * Creates a backend with no server yet.
   *
   * @param chatMethod the HTTP method of the chat endpoint, such as {@code POST}
   * @param chatPath the path of the chat endpoint, such as {@code /v1/chat/completions}
   * @since 0.1.0
   */
  public StubBackend(String chatMethod, String chatPath) {
    this.chatMethod = Objects.requireNonNull(chatMethod, "chatMethod");
    this.chatPath = Objects.requireNonNull(chatPath, "chatPath");
  }

  /**
   * Closes the current server, if any, and starts the next scenario's.
   *
   * @return the new server, now the current one
   * @since 0.1.0
   */
  public StubServer nextServer() {
    close();
    StubServer next = StubServer.start();
    server.set(next);
    return next;
  }

  /**
   * Returns the current scenario's server.
   *
   * @return the current server, or empty before the first scenario
   * @since 0.1.0
   */
  public Optional<StubServer> current() {
    return Optional.ofNullable(server.get());
  }

  /**
   * Returns the chat requests the current server recorded, in order.
   *
   * @return the recorded requests to the chat endpoint; empty before the first scenario
   * @since 0.1.0
   */
  public Stream<RecordedRequest> chatRequests() {
    StubServer current = server.get();
    return current == null ? Stream.empty() : chatRequests(current);
  }

  /**
   * Returns the last chat request the current server recorded.
   *
   * @return the last recorded request to the chat endpoint, or empty if there was none
   * @since 0.1.0
   */
  public Optional<RecordedRequest> lastChatRequest() {
    return chatRequests().reduce((first, second) -> second);
  }

  /**
   * Counts the chat requests the current server recorded.
   *
   * @return the number of recorded requests to the chat endpoint
   * @since 0.1.0
   */
  public int requestCount() {
    return (int) chatRequests().count();
  }

  /**
   * Returns a header of the last chat request.
   *
   * @param headerName the header's name, in any case
   * @return the header's value, or empty if there was no chat request or it had no such header
   * @since 0.1.0
   */
  public Optional<String> lastRequestHeader(String headerName) {
    return lastChatRequest().flatMap(request -> request.header(headerName));
  }

  /**
   * Waits for the current server to see the client of the last chat request go away: a write to its connection
   * failed. A stream the server finished or cut itself does not count.
   *
   * @param timeout how long to wait
   * @return whether the client disconnected within the timeout
   * @since 0.1.0
   */
  public boolean awaitCancelled(Duration timeout) {
    StubServer current = server.get();
    Optional<RecordedRequest> last = current == null ? Optional.empty()
        : chatRequests(current).reduce((first, second) -> second);
    return last.flatMap(request -> current.awaitOutcome(request, timeout))
        .filter(outcome -> outcome == StubServer.ExchangeOutcome.CLIENT_DISCONNECTED)
        .isPresent();
  }

  /**
   * Closes the current server, if any.
   *
   * @since 0.1.0
   */
  @Override
  public void close() {
    StubServer current = server.get();
    if (current != null) {
      current.close();
    }
  }

  /**
   * Returns these options after one that switches retries off. A contract target scripts exactly one answer per call,
   * so the default retries would replay it; the given options come later and win, so they can switch retries back on.
   *
   * @param options the target's options
   * @return {@code LlmOption.retry(RetryPolicy.none())} followed by the given options
   * @since 0.1.0
   */
  public static LlmOption[] retriesOffThen(LlmOption... options) {
    LlmOption[] all = new LlmOption[options.length + 1];
    all[0] = LlmOption.retry(RetryPolicy.none());
    System.arraycopy(options, 0, all, 1, options.length);
    return all;
  }

  /**
   * Joins two lists of options, as {@link ContractTarget#withOptions(LlmOption...)} needs: the extra options come
   * after, and win over, the target's own.
   *
   * @param options the target's own options
   * @param extra the options to add after them
   * @return a new array of both, in order
   * @since 0.1.0
   */
  public static LlmOption[] concat(LlmOption[] options, LlmOption... extra) {
    LlmOption[] all = Arrays.copyOf(options, options.length + extra.length);
    System.arraycopy(extra, 0, all, options.length, extra.length);
    return all;
  }

  private Stream<RecordedRequest> chatRequests(StubServer current) {
    return current.recordedRequests().stream()
        .filter(request -> request.method().equals(chatMethod) && request.path().equals(chatPath));
  }
}
