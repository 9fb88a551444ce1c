package ai.beluga.llms.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.net.URI;
import java.util.function.BiConsumer;

/**
 * Internal API: may change in any release.
 *
 * <p>What the telemetry decorator asks of a transport, found in the current OpenTelemetry {@link Context} while a call
 * runs: the transport reports the endpoint it is about to call ({@code server.address}, {@code server.port}) and lets
 * the decorator add headers (the W3C trace context, when propagation is on). The HTTP engine calls
 * {@link #beforeSend(URI, BiConsumer)} for each request it builds; a provider with its own transport may do the same.
 * No provider needs to know about spans.
 */
public interface OutboundCall {
  /** The key under which the current call's hook is kept in the context. */
  ContextKey<OutboundCall> KEY = ContextKey.named("beluga-outbound-call");

  /**
   * Called just before a request is sent, on the thread that sends it, while the call's context is current.
   *
   * @param uri the request's URI
   * @param headers adds a header to the request
   */
  void beforeSend(URI uri, BiConsumer<String, String> headers);

  /**
   * Runs the current call's hook, if there is one.
   *
   * @param uri the request's URI
   * @param headers adds a header to the request
   */
  static void notifyCurrent(URI uri, BiConsumer<String, String> headers) {
    OutboundCall call = Context.current().get(KEY);
    if (call != null) {
      call.beforeSend(uri, headers);
    }
  }
}
