package ai.beluga.llms.middleware;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.health.HealthStatus;
import ai.beluga.llms.internal.AsyncCalls;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ChatModel} that forwards every call to another: the base of middleware. Override the call shapes your
 * concern touches ({@link #chat}, {@link #chatAsync}, {@link #stream}, {@link #checkHealth}) and leave the rest.
 * {@link #chatAsync} goes through {@link #chat} unless overridden, so a middleware that overrides only {@code chat}
 * still sees every non-streamed call; {@link #stream} is a separate call shape and goes straight to the delegate.
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

  /**
   * Sends a request without blocking the caller, through this model's {@link #chat(ChatRequest)}, so that middleware
   * overriding only {@code chat} still sees asynchronous calls.
   *
   * @implSpec Runs {@code chat} on a shared pool of daemon threads; {@code cancel(true)} interrupts it. Middleware
   *     that can stay non-blocking overrides this method and calls {@code delegate().chatAsync(...)}, which keeps the
   *     provider's own asynchronous exchange.
   * @param request the request
   * @return a future of the answer
   */
  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return AsyncCalls.supply(() -> chat(request), provider(), model());
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
