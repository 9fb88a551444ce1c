/**
 * Configuration: secrets that never print, validation of config records that reports every violation at once, and the
 * fields every HTTP provider's config shares.
 *
 * <p>Unless otherwise stated, a null argument causes a {@link java.lang.NullPointerException}.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.config;
