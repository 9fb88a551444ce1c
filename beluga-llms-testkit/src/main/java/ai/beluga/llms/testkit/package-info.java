/**
 * Test support for code that calls LLM providers: {@link ai.beluga.llms.testkit.StubServer}, a scriptable HTTP server
 * on the loopback interface, with its {@link ai.beluga.llms.testkit.StubResponse} scripts and the {@link
 * ai.beluga.llms.testkit.RecordedRequest}s it records.
 *
 * <p>Unless otherwise stated, a null argument to any constructor or method causes a
 * {@link java.lang.NullPointerException}; absent values are {@link java.util.Optional}.
 *
 * <pre>{@code
 * try (StubServer server = StubServer.start()) {
 *   server.enqueue(StubResponse.json(200, "{\"ok\":true}"));
 *   // ... call server.uri() ...
 *   assertThat(server.takeRequest().method()).isEqualTo("POST");
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
package ai.beluga.llms.testkit;
