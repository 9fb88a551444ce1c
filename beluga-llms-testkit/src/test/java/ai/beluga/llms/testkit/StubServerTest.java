package ai.beluga.llms.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.testkit.StubServer.ExchangeOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StubServerTest {

  // HTTP/1.1 so that the client does not offer an h2c upgrade, which would add headers to every recorded request.
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private StubServer server;

  @BeforeEach
  void startServer() {
    server = StubServer.start();
  }

  @AfterEach
  void closeServer() {
    server.close();
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port());
    assertThat(server.url("v1/models?limit=2").toString())
        .isEqualTo("http://127.0.0.1:" + server.port() + "/v1/models?limit=2");
  }

  @Test
  void sendsJsonResponseWithStatusAndHeaders() throws Exception {
    server.enqueue(StubResponse.json(429, "{\"error\":\"slow down\"}")
        .header("Retry-After", "1")
        .header("retry-after-ms", "1000")
        .header("x-request-id", "req_123"));

    HttpResponse<String> response = CLIENT.send(get("/v1/chat"), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.body()).isEqualTo("{\"error\":\"slow down\"}");
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(response.headers().firstValue("retry-after")).contains("1");
    assertThat(response.headers().firstValue("retry-after-ms")).contains("1000");
    assertThat(response.headers().firstValue("x-request-id")).contains("req_123");
    assertThat(server.awaitOutcome(server.takeRequest(), Duration.ofSeconds(2))).contains(ExchangeOutcome.COMPLETED);
    assertThat(server.completedResponses()).isEqualTo(1);
  }

  @Test
  void sendsStatusWithEmptyBodyAndLetsContentTypeBeReplaced() throws Exception {
    server.enqueue(StubResponse.status(204));
    server.enqueue(StubResponse.text(200, "héllo").header("Content-Type", "text/markdown"));

    HttpResponse<String> empty = CLIENT.send(get("/a"), BodyHandlers.ofString());
    HttpResponse<String> text = CLIENT.send(get("/b"), BodyHandlers.ofString());

    assertThat(empty.statusCode()).isEqualTo(204);
    assertThat(empty.body()).isEmpty();
    assertThat(text.body()).isEqualTo("héllo");
    assertThat(text.headers().allValues("content-type")).containsExactly("text/markdown");
  }

  @Test
  void recordsMethodPathQueryHeadersAndBody() throws Exception {
    server.enqueue(StubResponse.json(200, "{}"));
    HttpRequest request = HttpRequest.newBuilder(server.url("/v1/chat/completions?api-version=2024-10-21"))
        .header("Authorization", "Bearer test-key")
        .header("X-Trace", "a")
        .header("X-Trace", "b")
        .POST(BodyPublishers.ofString("{\"model\":\"m\",\"text\":\"é\"}"))
        .build();

    CLIENT.send(request, BodyHandlers.discarding());
    RecordedRequest recorded = server.takeRequest();

    assertThat(recorded.sequenceNumber()).isZero();
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.query()).contains("api-version=2024-10-21");
    assertThat(recorded.target()).isEqualTo("/v1/chat/completions?api-version=2024-10-21");
    assertThat(recorded.header("authorization")).contains("Bearer test-key");
    assertThat(recorded.header("AUTHORIZATION")).contains("Bearer test-key");
    assertThat(recorded.header("x-missing")).isEmpty();
    assertThat(recorded.headers().get("x-trace")).containsExactly("a", "b");
    assertThat(recorded.bodyAsString()).isEqualTo("{\"model\":\"m\",\"text\":\"é\"}");
    assertThat(recorded.body()).isEqualTo("{\"model\":\"m\",\"text\":\"é\"}".getBytes(UTF_8));
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(server.recordedRequests()).containsExactly(recorded);
  }

  @Test
  void routesTakePrecedenceOverTheQueueAndAreReused() throws Exception {
    server.route("GET", "/v1/models", StubResponse.json(200, "{\"data\":[]}"));
    server.enqueue(StubResponse.text(200, "first"));
    server.enqueue(StubResponse.text(200, "second"));

    List<String> bodies = new ArrayList<>();
    for (String path : List.of("/v1/models", "/v1/chat", "/v1/models?limit=1", "/v1/chat", "/v1/models")) {
      bodies.add(CLIENT.send(get(path), BodyHandlers.ofString()).body());
    }

    assertThat(bodies).containsExactly("{\"data\":[]}", "first", "{\"data\":[]}", "second", "{\"data\":[]}");
    assertThat(server.recordedRequests()).extracting(RecordedRequest::sequenceNumber).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void repliesWith500NamingTheRequestWhenNothingIsEnqueued() throws Exception {
    HttpResponse<String> response = CLIENT.send(
        HttpRequest.newBuilder(server.url("/v1/messages")).POST(BodyPublishers.ofString("{}")).build(),
        BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("no response was enqueued for POST /v1/messages");
    assertThat(server.takeRequest().path()).isEqualTo("/v1/messages");
  }

  @Test
  void takeRequestFailsWithAClearMessageWhenNoRequestArrives() {
    assertThatThrownBy(() -> server.takeRequest(Duration.ofMillis(100)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No request arrived")
        .hasMessageContaining("100 ms");
  }

  @Test
  void streamsSseEventsOneByOneAsTheyAreWritten() throws Exception {
    server.enqueue(StubResponse.sse()
        .data("{\"n\":1}")
        .event("event: ping\ndata: {}\n\n", Duration.ofMillis(50))
        .data("{\"n\":3}", Duration.ofMillis(400)));

    HttpResponse<Stream<String>> response = CLIENT.send(get("/stream"), BodyHandlers.ofLines());
    List<String> lines = new ArrayList<>();
    long firstDataAt = 0;
    long lastDataAt = 0;
    try (Stream<String> body = response.body()) {
      for (Iterator<String> it = body.iterator(); it.hasNext(); ) {
        String line = it.next();
        lines.add(line);
        if (line.equals("data: {\"n\":1}")) {
          firstDataAt = System.nanoTime();
        } else if (line.equals("data: {\"n\":3}")) {
          lastDataAt = System.nanoTime();
        }
      }
    }

    assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
    assertThat(response.headers().firstValue("transfer-encoding")).contains("chunked");
    assertThat(lines).containsExactly(
        "data: {\"n\":1}", "", "event: ping", "data: {}", "", "data: {\"n\":3}", "");
    // The last event is written at least 450 ms after the first; had the server buffered the stream, both would arrive
    // together. Only a lower bound is asserted, so a slow machine cannot fail this.
    assertThat(Duration.ofNanos(lastDataAt - firstDataAt)).isGreaterThan(Duration.ofMillis(300));
  }

  @Test
  void streamsNdjsonLines() throws Exception {
    server.enqueue(StubResponse.ndjson()
        .line("{\"response\":\"Hel\"}")
        .line("{\"response\":\"lo\",\"done\":true}", Duration.ofMillis(20)));

    HttpResponse<Stream<String>> response = CLIENT.send(get("/api/chat"), BodyHandlers.ofLines());

    assertThat(response.headers().firstValue("content-type")).contains("application/x-ndjson");
    try (Stream<String> body = response.body()) {
      assertThat(body).containsExactly("{\"response\":\"Hel\"}", "{\"response\":\"lo\",\"done\":true}");
    }
  }

  @Test
  void sendsRawChunksByteForByteEvenWhenTheySplitAUtf8Sequence() throws Exception {
    byte[] euro = "€".getBytes(UTF_8);
    server.enqueue(StubResponse.status(200)
        .chunk("data: ", Duration.ZERO)
        .chunk(new byte[] {euro[0]}, Duration.ZERO)
        .chunk(new byte[] {euro[1], euro[2]}, Duration.ofMillis(20))
        .chunk("\n\n", Duration.ZERO));

    HttpResponse<String> response = CLIENT.send(get("/raw"), BodyHandlers.ofString(UTF_8));

    assertThat(response.body()).isEqualTo("data: €\n\n");
    assertThat(response.headers().firstValue("transfer-encoding")).contains("chunked");
  }

  @Test
  void disconnectAfterMakesTheClientReadFailWithAnIoException() throws Exception {
    server.enqueue(StubResponse.sse().data("{\"n\":1}").data("{\"n\":2}").data("{\"n\":3}").disconnectAfter(2));

    HttpResponse<InputStream> response = CLIENT.send(get("/stream"), BodyHandlers.ofInputStream());
    ByteCollector received = new ByteCollector();

    assertThat(response.statusCode()).isEqualTo(200);
    try (InputStream body = response.body()) {
      assertThatThrownBy(() -> received.readAll(body)).isInstanceOf(IOException.class);
    }
    assertThat(received.text()).isEqualTo("data: {\"n\":1}\n\ndata: {\"n\":2}\n\n");
    assertThat(server.awaitOutcome(server.takeRequest(), Duration.ofSeconds(2)))
        .contains(ExchangeOutcome.SCRIPTED_DISCONNECT);
  }

  @Test
  void disconnectMidWayThroughAWholeBodyFailsTheClient() {
    server.enqueue(StubResponse.json(200, "{\"unfinished\":true}").disconnectAfter(0));

    // A POST, as provider calls are: newer JDK clients silently retry an idempotent GET whose connection closes
    // before any body byte arrives, and the retry would meet the empty queue instead of the cut.
    HttpRequest post = HttpRequest.newBuilder(server.url("/v1/chat"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    assertThatThrownBy(() -> CLIENT.send(post, BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void holdOpenLetsATestSeeTheClientCloseTheStream() throws Exception {
    server.enqueue(StubResponse.sse().data("{\"n\":1}").holdOpen(Duration.ofSeconds(5)));

    HttpResponse<InputStream> response = CLIENT.send(get("/stream"), BodyHandlers.ofInputStream());
    InputStream body = response.body();
    byte[] first = body.readNBytes("data: {\"n\":1}\n\n".length());
    body.close();

    assertThat(new String(first, UTF_8)).isEqualTo("data: {\"n\":1}\n\n");
    assertThat(server.awaitClientDisconnect(Duration.ofSeconds(3))).isTrue();
    assertThat(server.clientDisconnects()).isEqualTo(1);
    assertThat(server.awaitOutcome(server.takeRequest(), Duration.ZERO)).contains(ExchangeOutcome.CLIENT_DISCONNECTED);
  }

  @Test
  void holdOpenEndsTheStreamNormallyAfterItsMaximum() throws Exception {
    server.enqueue(StubResponse.ndjson().line("{}").holdOpen(Duration.ofMillis(120)));

    HttpResponse<String> response = CLIENT.send(get("/api/chat"), BodyHandlers.ofString());

    assertThat(response.body()).startsWith("{}\n\n").matches("\\{}\n+");
    assertThat(server.awaitOutcome(server.takeRequest(), Duration.ofSeconds(2))).contains(ExchangeOutcome.COMPLETED);
    assertThat(server.awaitClientDisconnect(Duration.ZERO)).isFalse();
  }

  @Test
  void aHeldOpenStreamDoesNotBlockOtherRequests() throws Exception {
    server.route("GET", "/v1/models", StubResponse.json(200, "{\"data\":[]}"));
    server.enqueue(StubResponse.sse().data("{}").holdOpen(Duration.ofSeconds(5)));
    HttpResponse<InputStream> stream = CLIENT.send(get("/stream"), BodyHandlers.ofInputStream());

    HttpResponse<String> probe = CLIENT.sendAsync(get("/v1/models"), BodyHandlers.ofString())
        .get(2, TimeUnit.SECONDS);

    assertThat(probe.body()).isEqualTo("{\"data\":[]}");
    stream.body().close();
  }

  @Test
  void delayBeforeHeadersMakesTheClientTimeOut() {
    server.enqueue(StubResponse.json(200, "{}").delay(Duration.ofSeconds(3)));
    HttpRequest request = HttpRequest.newBuilder(server.url("/slow")).timeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> CLIENT.send(request, BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(server.takeRequest().path()).isEqualTo("/slow");
  }

  @Test
  void closeStopsTheServerAndLeavesNoNonDaemonThreadBehind() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    StubServer other = StubServer.start();
    other.enqueue(StubResponse.sse().data("{}").holdOpen(Duration.ofSeconds(10)));
    other.enqueue(StubResponse.json(200, "{}").delay(Duration.ofSeconds(10)));
    HttpResponse<InputStream> stream = CLIENT.send(get(other, "/stream"), BodyHandlers.ofInputStream());
    CompletableFuture<HttpResponse<String>> delayed = CLIENT.sendAsync(get(other, "/slow"), BodyHandlers.ofString());
    other.takeRequest();
    other.takeRequest();

    long start = System.nanoTime();
    other.close();
    Duration closing = Duration.ofNanos(System.nanoTime() - start);

    assertThat(closing).isLessThan(Duration.ofSeconds(2));
    Set<String> leftOver = Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread) && thread.isAlive() && !thread.isDaemon())
        .map(Thread::getName)
        .collect(Collectors.toSet());
    assertThat(leftOver).isEmpty();
    assertThatThrownBy(() -> stream.body().readAllBytes()).isInstanceOf(IOException.class);
    assertThat(delayed).failsWithin(Duration.ofSeconds(2));
    assertThatThrownBy(() -> CLIENT.send(get(other, "/after"), BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void responsesRejectScriptsOfTheWrongKind() {
    assertThatThrownBy(() -> StubResponse.json(200, "{}").data("{}")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sse()");
    assertThatThrownBy(() -> StubResponse.sse().line("{}")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ndjson()");
    assertThatThrownBy(() -> StubResponse.status(200).holdOpen(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> StubResponse.status(99)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StubResponse.sse().delay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private HttpRequest get(String path) {
    return get(server, path);
  }

  private static HttpRequest get(StubServer target, String path) {
    return HttpRequest.newBuilder(target.url(path)).timeout(Duration.ofSeconds(5)).build();
  }

  /** Keeps the bytes read before a read fails, so a test can check what arrived before the connection dropped. */
  private static final class ByteCollector {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    void readAll(InputStream in) throws IOException {
      byte[] buffer = new byte[64];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes.write(buffer, 0, n);
      }
    }

    String text() {
      return bytes.toString(UTF_8);
    }
  }
}
