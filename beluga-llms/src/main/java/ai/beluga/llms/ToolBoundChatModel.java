package ai.beluga.llms;

import ai.beluga.llms.health.HealthStatus;
import ai.beluga.schema.ToolDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The model {@link ChatModel#withTools(List)} returns: it adds bound tools to every request (a request's own tool of
 * the same name wins) and forwards everything else unchanged. Binding again adds to the tools already bound.
 *
 * <p>It forwards by hand rather than extending {@code middleware.ForwardingChatModel}: the API package sits below
 * middleware and must not import it (docs/ARCHITECTURE.md). A request with no tools of its own takes the bound list as
 * it is, with no merge.
 */
final class ToolBoundChatModel implements ChatModel {
  private final ChatModel delegate;
  private final List<ToolDefinition> tools;

  private ToolBoundChatModel(ChatModel delegate, List<ToolDefinition> tools) {
    this.delegate = delegate;
    this.tools = tools;
  }

  static ChatModel bind(ChatModel model, List<ToolDefinition> tools) {
    List<ToolDefinition> copy = List.copyOf(tools);
    if (model instanceof ToolBoundChatModel) {
      ToolBoundChatModel bound = (ToolBoundChatModel) model;
      return new ToolBoundChatModel(bound.delegate, merge(bound.tools, copy));
    }
    return new ToolBoundChatModel(model, merge(List.of(), copy));
  }

  List<ToolDefinition> tools() {
    return tools;
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
    return delegate.chat(withBoundTools(request));
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return delegate.chatAsync(withBoundTools(request));
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    return delegate.stream(withBoundTools(request));
  }

  @Override
  public HealthStatus checkHealth() {
    return delegate.checkHealth();
  }

  private ChatRequest withBoundTools(ChatRequest request) {
    return request.withTools(request.tools().isEmpty() ? tools : merge(tools, request.tools()));
  }

  private static List<ToolDefinition> merge(List<ToolDefinition> base, List<ToolDefinition> overrides) {
    Map<String, ToolDefinition> byName = new LinkedHashMap<>();
    for (ToolDefinition tool : base) {
      byName.put(tool.name(), tool);
    }
    for (ToolDefinition tool : overrides) {
      byName.put(tool.name(), tool);
    }
    return List.copyOf(byName.values());
  }
}
