package ai.beluga.llms.middleware;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.health.HealthStatus;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ChatModel} that forwards every call to another: the base of middleware. Override the call shapes your
 * concern touches ({@link #chat}, {@link #chatAsync}, {@link #stream}, {@link #checkHealth}) and leave the rest.
 *
 * <pre>{@code
 * final class PrefixingChatModel extends ForwardingChatModel {
 *   PrefixingChatModel(ChatModel delegate) { super(delegate); }
 *
 *   @Override
 *   public ChatResponse chat(ChatRequest request) {
 *     return super.chat(request.toBuilder().addMessage(Message.user("Be brief.")).build());
 *   }
 * }
 * }</pre>
 *
 * <p>Subclasses should be immutable and thread-safe, like every {@code ChatModel}.
 *
 * @since 0.1.0
 */
public abstract class ForwardingChatModel implements ChatModel {
  private final ChatModel delegate;

  /**
   * Creates a model that forwards to {@code delegate}.
   *
   * @param delegate the next model in the chain
   * @since 0.1.0
   */
  protected ForwardingChatModel(ChatModel delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * {@return the next model in the chain}
   *
   * @since 0.1.0
   */
  protected final ChatModel delegate() {
    return delegate;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return delegate.chat(request);
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return delegate.chatAsync(request);
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    return delegate.stream(request);
  }

  @Override
  public HealthStatus checkHealth() {
    return delegate.checkHealth();
  }
}
