package ai.beluga.llms.assembly;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.health.CachingHealthChecker;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.middleware.ForwardingChatModel;

/**
 * Internal API: may change in any release.
 *
 * <p>Answers {@code checkHealth()} through a {@link CachingHealthChecker}; every other call passes through.
 */
final class HealthCachingChatModel extends ForwardingChatModel {
  private final CachingHealthChecker health;

  /**
   * Creates the model.
   *
   * @param delegate the model
   * @param health the cache in front of the model's own check
   */
  public HealthCachingChatModel(ChatModel delegate, CachingHealthChecker health) {
    super(delegate);
    this.health = health;
  }

  @Override
  public java.util.concurrent.CompletableFuture<ai.beluga.llms.ChatResponse> chatAsync(
      ai.beluga.llms.ChatRequest request) {
    return delegate().chatAsync(request);
  }

  @Override
  public HealthStatus checkHealth() {
    return health.checkHealth();
  }
}
