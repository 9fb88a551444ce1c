package ai.beluga.llms.middleware;

import ai.beluga.llms.ChatModel;

/**
 * Wraps a model in another that adds one concern. Given to a factory with {@code LlmOption.middleware(...)}; the
 * first middleware listed is the outermost, so it sees each call first and its result last.
 *
 * <pre>{@code
 * Middleware audit = next -> new ForwardingChatModel(next) {
 *   @Override
 *   public ChatResponse chat(ChatRequest request) {
 *     ChatResponse response = super.chat(request);
 *     auditLog.record(request, response);
 *     return response;
 *   }
 * };
 * ChatModel model = Mock.chatModel(config, LlmOption.middleware(audit));
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Middleware {

  /**
   * Wraps a model.
   *
   * @param next the model to wrap
   * @return the wrapping model
   * @since 0.1.0
   */
  ChatModel wrap(ChatModel next);
}
