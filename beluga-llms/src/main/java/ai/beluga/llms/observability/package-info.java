/**
 * Observability: the one decorator that gives every {@link ai.beluga.llms.ChatModel} OpenTelemetry metrics and spans
 * named by the GenAI semantic conventions, and one SLF4J log line per call.
 *
 * <p>{@link ai.beluga.llms.observability.InstrumentedChatModel} is applied by every factory in
 * {@link ai.beluga.llms.assembly.Llms} as the outermost layer; {@link ai.beluga.llms.observability.GenAiNames} lists every
 * name it emits; {@link ai.beluga.llms.middleware.RetryListener} is how retrying middleware reports its retries to
 * the call's span and metrics. Only the OpenTelemetry API is used: bring the SDK or the agent.
 *
 * <p>Unless otherwise stated, a null argument causes NullPointerException.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.observability;
