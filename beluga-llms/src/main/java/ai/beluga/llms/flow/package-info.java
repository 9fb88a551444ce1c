/**
 * A small kit for event streams that honour demand: {@link ai.beluga.llms.flow.EventChannel} hands events pushed by a
 * producer to one {@link java.util.concurrent.Flow.Subscriber}, only as fast as it asks for them, and tells the
 * producer when to read more and when the subscriber cancelled. A provider that is not built on the shared HTTP engine
 * (one on a vendor SDK, in another module) uses it to give its streams the same back-pressure and cancellation as the
 * HTTP providers.
 *
 * <p>Unless otherwise stated, a null argument causes a {@link java.lang.NullPointerException}.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.flow;
