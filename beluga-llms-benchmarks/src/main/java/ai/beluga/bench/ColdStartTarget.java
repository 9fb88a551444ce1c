package ai.beluga.bench;

import ai.beluga.llms.providers.openai.OpenAi;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.providers.openai.OpenAiConfig;
import ai.beluga.schema.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The child JVM of {@link ColdStart}: one call, then {@code first-response <nanos since main>} on standard out.
 * {@code beluga} builds and validates an OpenAI config, builds the model with the default stack and calls
 * {@code chat}; {@code raw} builds a client and a mapper, sends the same request and reads the text.
 */
public final class ColdStartTarget {
  private ColdStartTarget() {}

  /**
   * One call.
   *
   * @param args {@code beluga} or {@code raw}, then the stub's root URL
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    URI root = URI.create(args[1]);
    String text;
    if (args[0].equals("beluga")) {
      ChatModel model = OpenAi.chatModel(OpenAiConfig.builder().apiKey(Secret.of("sk-bench")).model("gpt-4o-mini")
          .baseUrl(root.resolve("/v1")).build());
      text = model.chat(ChatRequest.builder().addMessage(Message.user("What is the capital of France?")).build())
          .text();
    } else {
      ObjectMapper mapper = JsonMapper.builder().build();
      ObjectNode body = mapper.createObjectNode();
      body.put("model", "gpt-4o-mini");
      body.putArray("messages").addObject().put("role", "user").put("content", "What is the capital of France?");
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(root.resolve("/v1/chat/completions"))
          .header("Authorization", "Bearer sk-bench").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      JsonNode answer = mapper.readTree(response.body());
      text = answer.path("choices").path(0).path("message").path("content").asString();
    }
    if (!text.startsWith("The capital")) {
      throw new IllegalStateException(text);
    }
    System.out.println("first-response " + (System.nanoTime() - start));
    System.out.flush();
    System.exit(0);
  }
}
