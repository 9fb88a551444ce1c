/**
 * Middleware: models that wrap models to add one cross-cutting concern each, and the base class to write your own.
 *
 * <p>Unless otherwise stated, a null argument causes a {@link java.lang.NullPointerException}.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.middleware;
