/**
 * Health checks: {@link ai.beluga.llms.health.HealthChecker} and {@link ai.beluga.llms.health.HealthStatus}.
 *
 * <p>Unless otherwise stated, a null argument causes a {@link java.lang.NullPointerException}.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.health;
