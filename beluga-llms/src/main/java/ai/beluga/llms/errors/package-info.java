/**
 * The error taxonomy: {@link ai.beluga.llms.errors.LlmException}, {@link ai.beluga.llms.errors.ErrorCode}, and the
 * shared classifier providers extend.
 *
 * <p>Unless otherwise stated, a null argument causes a {@link java.lang.NullPointerException}.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.errors;
