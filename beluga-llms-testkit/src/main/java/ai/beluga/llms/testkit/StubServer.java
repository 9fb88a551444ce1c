package ai.beluga.llms.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable HTTP/1.1 server on the loopback interface, for testing code that calls LLM providers without touching
 * the network.
 *
 * <p>Script replies with {@link #enqueue(StubResponse)}, a first-in first-out queue used by any request, and with
 * {@link #route(String, String, StubResponse)}, a reply reused for every request to one method and path (such as a
 * health probe). Every request is recorded; read them in order with {@link #takeRequest()}. When the client closes a
 * stream early, the server notices on its next write: see {@link #awaitClientDisconnect(Duration)} and {@link
 * #awaitOutcome(RecordedRequest, Duration)}.
 *
 * <p>The server binds to {@code 127.0.0.1} on an ephemeral port and to no other address. Each exchange runs on its own
 * daemon thread, so a slow stream never holds up another request. It speaks HTTP/1.1 only; a client that offers an
 * {@code h2c} upgrade gets HTTP/1.1 replies. Built on the JDK's {@code com.sun.net.httpserver}, so a module using it
 * needs {@code requires jdk.httpserver}.
 *
 * <p>Thread-safe: scripting and recording may happen from any thread while requests are served.
 *
 * <pre>{@code
 * try (StubServer server = StubServer.start()) {
 *   server.route("GET", "/v1/models", StubResponse.json(200, "{\"data\":[]}"));
 *   server.enqueue(StubResponse.sse().data("{\"delta\":\"Hi\"}").event("data: [DONE]\n\n"));
 *
 *   callProviderAt(server.uri());
 *
 *   RecordedRequest request = server.takeRequest();
 *   assertThat(request.path()).isEqualTo("/v1/chat/completions");
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StubServer implements AutoCloseable {

  private static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration KEEP_ALIVE_INTERVAL = Duration.ofMillis(50);
  private static final Duration PAUSE_BEFORE_CUT = Duration.ofMillis(100);
  private static final AtomicInteger SERVER_IDS = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Queue<StubResponse> queue = new ConcurrentLinkedQueue<>();
  private final Map<String, StubResponse> routes = new ConcurrentHashMap<>();

  // Guarded by lock, which is also the monitor that waiters in takeRequest and the await methods wait on.
  private final Object lock = new Object();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final List<ExchangeOutcome> outcomes = new ArrayList<>();
  private int taken;
  private int completedResponses;
  private int clientDisconnects;

  private StubServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Starts a server on {@code 127.0.0.1} and an ephemeral port.
   *
   * @return the running server; close it when done
   * @throws UncheckedIOException if the port cannot be bound
   * @since 0.1.0
   */
  public static StubServer start() {
    int id = SERVER_IDS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    // Daemon threads: a test that forgets close() must not keep the JVM alive. A cached pool gives every exchange its
    // own thread, so a held-open stream cannot delay another request.
    ExecutorService executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "StubServer-" + id + "-exchange-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    HttpServer server;
    try {
      InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
      server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("Cannot bind a StubServer to 127.0.0.1", e);
    }
    StubServer stub = new StubServer(server, executor);
    server.setExecutor(executor);
    server.createContext("/", stub::handle);
    server.start();
    return stub;
  }

  /**
   * {@return the base URI, {@code http://127.0.0.1:PORT}, with no trailing slash}
   *
   * @since 0.1.0
   */
  public URI uri() {
    return uri;
  }

  /**
   * Resolves a path, with an optional query, against this server.
   *
   * @param path the path, such as {@code "/v1/models?limit=2"}; a missing leading slash is added
   * @return the absolute URI
   * @throws IllegalArgumentException if the result is not a valid URI
   * @since 0.1.0
   */
  public URI url(String path) {
    Objects.requireNonNull(path, "path");
    return URI.create(uri + (path.startsWith("/") ? path : "/" + path));
  }

  /**
   * {@return the port the server listens on}
   *
   * @since 0.1.0
   */
  public int port() {
    return uri.getPort();
  }

  /**
   * Adds a response to the end of the queue. Each request that matches no {@link #route route} takes the response at
   * the head of the queue.
   *
   * @param response the response to send once
   * @since 0.1.0
   */
  public void enqueue(StubResponse response) {
    Objects.requireNonNull(response, "response");
    queue.add(response);
  }

  /**
   * Sends a response to every request with this method and path, before the queue is consulted. The path is matched
   * exactly, without the query; the method is matched without regard to case. A later route for the same method and
   * path replaces the earlier one.
   *
   * @param method the request method, such as {@code "GET"}
   * @param path the raw request path, such as {@code "/v1/models"}
   * @param response the response to send each time
   * @since 0.1.0
   */
  public void route(String method, String path, StubResponse response) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(response, "response");
    routes.put(routeKey(method, path), response);
  }

  /**
   * Returns the next request not yet taken, in order of arrival, waiting up to 5 seconds for it to arrive.
   *
   * @return the request
   * @throws IllegalStateException if no request arrives in time, or the thread is interrupted
   * @since 0.1.0
   */
  public RecordedRequest takeRequest() {
    return takeRequest(DEFAULT_TAKE_TIMEOUT);
  }

  /**
   * Returns the next request not yet taken, in order of arrival, waiting for it to arrive. A request is recorded as
   * soon as its body has been read, before its response is sent, so a test can take a request while its stream is
   * still open.
   *
   * @param timeout how long to wait
   * @return the request
   * @throws IllegalStateException if no request arrives in time, or the thread is interrupted
   * @since 0.1.0
   */
  public RecordedRequest takeRequest(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (taken >= requests.size()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new IllegalStateException("No request arrived at the StubServer within " + timeout.toMillis()
              + " ms; it received " + requests.size() + " request(s) in all, and takeRequest() had taken them all");
        }
        waitOnLock(remaining, "a request");
      }
      return requests.get(taken++);
    }
  }

  /**
   * {@return how many requests the server has received so far, taken or not}
   *
   * @since 0.1.0
   */
  public int requestCount() {
    synchronized (lock) {
      return requests.size();
    }
  }

  /**
   * {@return every request received so far, in order of arrival, whether taken or not}
   *
   * @since 0.1.0
   */
  public List<RecordedRequest> recordedRequests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * Waits until the client has disconnected during at least one response of this server. The server detects a
   * disconnect only when a write fails, so pair this with a stream that keeps writing, typically {@link
   * StubResponse#holdOpen(Duration)}.
   *
   * @param timeout how long to wait
   * @return true if a client disconnect was recorded, before or during the wait; false on timeout
   * @throws IllegalStateException if the thread is interrupted
   * @since 0.1.0
   */
  public boolean awaitClientDisconnect(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (clientDisconnects == 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        waitOnLock(remaining, "a client disconnect");
      }
      return true;
    }
  }

  /**
   * {@return how many responses were cut short because the client went away (see {@link
   * ExchangeOutcome#CLIENT_DISCONNECTED})}
   *
   * <p>Like {@link #completedResponses()}, this count is updated when the server's side of the exchange ends, which
   * can be a moment after the client has seen the end; use {@link #awaitOutcome(RecordedRequest, Duration)} or
   * {@link #awaitClientDisconnect(Duration)} to wait for it.
   *
   * @since 0.1.0
   */
  public int clientDisconnects() {
    synchronized (lock) {
      return clientDisconnects;
    }
  }

  /**
   * {@return how many responses were sent in full (see {@link ExchangeOutcome#COMPLETED})}
   *
   * <p>The count is updated when the server's side of the exchange ends, which can be a moment after the client has
   * read the whole body; use {@link #awaitOutcome(RecordedRequest, Duration)} to wait for one exchange.
   *
   * @since 0.1.0
   */
  public int completedResponses() {
    synchronized (lock) {
      return completedResponses;
    }
  }

  /**
   * Waits until the response to a request has ended, and tells how it ended. Use {@link Duration#ZERO} to look
   * without waiting.
   *
   * @param request a request recorded by this server
   * @param timeout how long to wait
   * @return how the exchange ended, or empty if its response is still being sent after the timeout
   * @throws IllegalArgumentException if the request was not recorded by this server
   * @throws IllegalStateException if the thread is interrupted
   * @since 0.1.0
   */
  public Optional<ExchangeOutcome> awaitOutcome(RecordedRequest request, Duration timeout) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      int index = request.sequenceNumber();
      if (index >= requests.size() || requests.get(index) != request) {
        throw new IllegalArgumentException(request + " was not recorded by this StubServer");
      }
      while (outcomes.get(index) == null) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return Optional.empty();
        }
        waitOnLock(remaining, "the outcome of " + request);
      }
      return Optional.of(outcomes.get(index));
    }
  }

  /**
   * Stops the server: closes the port and every open connection, interrupts responses still being sent, and waits
   * briefly for their threads to end. Closing twice has no effect.
   *
   * @since 0.1.0
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "StubServer[" + uri + (closed.get() ? ", closed" : "") + "]";
  }

  private void handle(HttpExchange exchange) {
    RecordedRequest request;
    try {
      request = record(exchange, exchange.getRequestBody().readAllBytes());
    } catch (IOException e) {
      // The client went away before sending its whole body: there is no request to record.
      throw new ConnectionAbort();
    }
    StubResponse response = select(request);
    ExchangeOutcome outcome = respond(exchange, request, response);
    if (outcome == ExchangeOutcome.COMPLETED) {
      exchange.close();
      finish(request, outcome);
      return;
    }
    finish(request, outcome);
    if (outcome == ExchangeOutcome.SCRIPTED_DISCONNECT) {
      pauseBeforeCut();
    }
    // An exception out of the handler makes the JDK server close the socket at once, without the terminating
    // zero-length chunk that exchange.close() would write. That is the abrupt end disconnectAfter promises.
    throw new ConnectionAbort();
  }

  private RecordedRequest record(HttpExchange exchange, byte[] body) {
    URI target = exchange.getRequestURI();
    synchronized (lock) {
      RecordedRequest request = new RecordedRequest(requests.size(), exchange.getRequestMethod(),
          target.getRawPath() == null ? "" : target.getRawPath(), target.getRawQuery(), exchange.getRequestHeaders(),
          body);
      requests.add(request);
      outcomes.add(null);
      lock.notifyAll();
      return request;
    }
  }

  private StubResponse select(RecordedRequest request) {
    StubResponse routed = routes.get(routeKey(request.method(), request.path()));
    if (routed != null) {
      return routed;
    }
    StubResponse queued = queue.poll();
    if (queued != null) {
      return queued;
    }
    return StubResponse.text(500, "StubServer: no response was enqueued for " + request.method() + " "
        + request.path() + " (and no route matches it). Call enqueue(...) or route(...) before sending the request.\n");
  }

  private ExchangeOutcome respond(HttpExchange exchange, RecordedRequest request, StubResponse response) {
    try {
      sleep(response.headersDelay());
      for (Map.Entry<String, String> header : response.headers()) {
        exchange.getResponseHeaders().add(header.getKey(), header.getValue());
      }
      List<StubResponse.Piece> pieces = response.pieces();
      boolean head = request.method().equalsIgnoreCase("HEAD");
      long length = 0;
      for (StubResponse.Piece piece : pieces) {
        length += piece.bytes().length;
      }
      // For sendResponseHeaders, 0 means chunked transfer encoding and -1 means no body at all.
      exchange.sendResponseHeaders(response.statusCode(),
          head || (!response.isStreamed() && length == 0) ? -1 : response.isStreamed() ? 0 : length);
      OutputStream body = exchange.getResponseBody();
      int count = response.disconnectAfter() < 0 ? pieces.size() : Math.min(response.disconnectAfter(), pieces.size());
      for (int i = 0; i < count && !head; i++) {
        StubResponse.Piece piece = pieces.get(i);
        sleep(piece.delayBefore());
        body.write(piece.bytes());
        body.flush();
      }
      if (response.disconnectAfter() >= 0) {
        return ExchangeOutcome.SCRIPTED_DISCONNECT;
      }
      byte[] keepAlive = response.keepAlive();
      if (keepAlive != null && !head) {
        holdOpen(body, keepAlive, response.holdOpenMax());
      }
      return ExchangeOutcome.COMPLETED;
    } catch (IOException e) {
      return closed.get() ? ExchangeOutcome.SERVER_CLOSED : ExchangeOutcome.CLIENT_DISCONNECTED;
    } catch (InterruptedException e) {
      // Only close() interrupts an exchange thread.
      Thread.currentThread().interrupt();
      return ExchangeOutcome.SERVER_CLOSED;
    }
  }

  private static void holdOpen(OutputStream body, byte[] keepAlive, Duration max)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    for (long remaining = max.toNanos(); remaining > 0; remaining = deadline - System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(Math.min(remaining, KEEP_ALIVE_INTERVAL.toNanos()));
      // The first write after the client closes usually succeeds and draws a reset; the next one then fails.
      body.write(keepAlive);
      body.flush();
    }
  }

  private static void pauseBeforeCut() {
    // The JDK HttpClient (seen on 17.0.15) can drop body bytes it has received but not yet handed to its body
    // subscriber when the connection closes: with no pause, the last flushed event was lost in about half of the runs.
    // A short pause lets a reading client take every piece sent before the cut.
    try {
      TimeUnit.NANOSECONDS.sleep(PAUSE_BEFORE_CUT.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void finish(RecordedRequest request, ExchangeOutcome outcome) {
    synchronized (lock) {
      outcomes.set(request.sequenceNumber(), outcome);
      if (outcome == ExchangeOutcome.COMPLETED) {
        completedResponses++;
      } else if (outcome == ExchangeOutcome.CLIENT_DISCONNECTED) {
        clientDisconnects++;
      }
      lock.notifyAll();
    }
  }

  private void waitOnLock(long nanos, String what) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + what + " at the StubServer", e);
    }
  }

  private static void sleep(Duration duration) throws InterruptedException {
    if (!duration.isZero()) {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
  }

  private static String routeKey(String method, String path) {
    return method.toUpperCase(Locale.ROOT) + " " + path;
  }

  /**
   * How one exchange ended, as reported by {@link #awaitOutcome(RecordedRequest, Duration)}.
   *
   * @since 0.1.0
   */
  public enum ExchangeOutcome {
    /** The whole response was sent, including the end of a chunked body. */
    COMPLETED,
    /** A write failed because the client closed the connection, for example by closing its stream early. */
    CLIENT_DISCONNECTED,
    /** The server cut the connection as scripted by {@link StubResponse#disconnectAfter(int)}. */
    SCRIPTED_DISCONNECT,
    /** {@link StubServer#close()} ended the exchange before its response was complete. */
    SERVER_CLOSED
  }

  /** Thrown out of the handler to make the JDK server drop the connection; carries no stack trace. */
  private static final class ConnectionAbort extends RuntimeException {
    ConnectionAbort() {
      super("StubServer drops this connection on purpose", null, false, false);
    }
  }
}
