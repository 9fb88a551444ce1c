package ai.beluga.llms.internal;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.middleware.ForwardingChatModel;
import ai.beluga.schema.ToolDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Internal API: may change in any release.
 *
 * <p>The model {@link ChatModel#withTools(List)} returns: it adds bound tools to every request (a request's own tool
 * of the same name wins) and forwards everything else unchanged. Binding again adds to the tools already bound.
 */
public final class ToolBoundChatModel extends ForwardingChatModel {
  private final List<ToolDefinition> tools;

  private ToolBoundChatModel(ChatModel delegate, List<ToolDefinition> tools) {
    super(delegate);
    this.tools = tools;
  }

  /**
   * Binds tools to a model.
   *
   * @param model the model
   * @param tools the tools
   * @return the bound model
   */
  public static ChatModel bind(ChatModel model, List<ToolDefinition> tools) {
    List<ToolDefinition> copy = List.copyOf(tools);
    if (model instanceof ToolBoundChatModel) {
      ToolBoundChatModel bound = (ToolBoundChatModel) model;
      return new ToolBoundChatModel(bound.delegate(), merge(bound.tools, copy));
    }
    return new ToolBoundChatModel(model, merge(List.of(), copy));
  }

  /**
   * {@return the tools bound to this model}
   */
  public List<ToolDefinition> tools() {
    return tools;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return super.chat(withBoundTools(request));
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return delegate().chatAsync(withBoundTools(request));
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    return super.stream(withBoundTools(request));
  }

  private ChatRequest withBoundTools(ChatRequest request) {
    return request.toBuilder().tools(merge(tools, request.tools())).build();
  }

  private static List<ToolDefinition> merge(List<ToolDefinition> base, List<ToolDefinition> overrides) {
    Map<String, ToolDefinition> byName = new LinkedHashMap<>();
    for (ToolDefinition tool : base) {
      byName.put(tool.name(), tool);
    }
    for (ToolDefinition tool : overrides) {
      byName.put(tool.name(), tool);
    }
    return List.copyOf(new ArrayList<>(byName.values()));
  }
}
