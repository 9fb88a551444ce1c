package ai.beluga.llms.health;

/**
 * Something that can tell whether it is able to serve calls right now.
 *
 * <p>Every {@code ChatModel} is a {@code HealthChecker}: its check makes a real, cheap call to the provider (such as
 * listing models) rather than reporting a fixed answer.
 *
 * <pre>{@code
 * HealthStatus status = model.checkHealth();
 * if (!status.isHealthy()) {
 *   log.warn("model unavailable: {} {}", status.errorCode().orElse(null), status.detail().orElse(""));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HealthChecker {

  /**
   * Checks health. Never throws for an unhealthy provider: the failure is described in the returned status.
   *
   * @return the status
   * @since 0.1.0
   */
  HealthStatus checkHealth();
}
