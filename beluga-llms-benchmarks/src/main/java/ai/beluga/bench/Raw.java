package ai.beluga.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The raw baseline: what a user would write with the JDK {@link HttpClient} and Jackson alone, doing the same work
 * the library does (build the JSON body, send it, parse the answer and pull out the text, finish reason and usage;
 * for a stream, split the SSE lines and parse every {@code data:} line).
 */
public final class Raw {
  /** One mapper, built once, as a careful user would. */
  public static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final HttpClient client;
  private final URI chatUri;
  private final URI messagesUri;

  /**
   * A baseline against the stub.
   *
   * @param stub the stub
   */
  public Raw(BenchServer stub) {
    this(HttpClient.newHttpClient(), stub);
  }

  /**
   * A baseline on a given client.
   *
   * @param client the client
   * @param stub the stub
   */
  public Raw(HttpClient client, BenchServer stub) {
    this.client = client;
    this.chatUri = URI.create(stub.baseUrl() + "/chat/completions");
    this.messagesUri = URI.create(stub.root() + "/v1/messages");
  }

  /** The answer the baseline extracts. */
  public record Answer(String text, String finishReason, long inputTokens, long outputTokens) {}

  private byte[] openAiBody(boolean stream) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", "gpt-4o-mini");
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", "Answer in one sentence.");
    messages.addObject().put("role", "user").put("content", "What is the capital of France?");
    if (stream) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return MAPPER.writeValueAsBytes(body);
  }

  private HttpRequest openAiRequest(boolean stream) {
    return HttpRequest.newBuilder(chatUri)
        .header("Authorization", "Bearer sk-bench")
        .header("Content-Type", "application/json")
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(openAiBody(stream)))
        .build();
  }

  /**
   * One non-streamed OpenAI chat call.
   *
   * @return the answer
   */
  public Answer chat() {
    HttpResponse<byte[]> response = send(openAiRequest(false), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("status " + response.statusCode());
    }
    JsonNode root = MAPPER.readTree(response.body());
    JsonNode choice = root.path("choices").path(0);
    JsonNode usage = root.path("usage");
    return new Answer(choice.path("message").path("content").asString(), choice.path("finish_reason").asString(),
        usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong());
  }

  /**
   * One streamed OpenAI call: every text delta goes to the sink as it is parsed.
   *
   * @param sink receives each delta
   * @return the number of text deltas
   */
  public int streamOpenAi(Consumer<String> sink) {
    HttpResponse<Stream<String>> response = send(openAiRequest(true), HttpResponse.BodyHandlers.ofLines());
    int deltas = 0;
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (!line.startsWith("data:")) {
          continue;
        }
        String data = line.substring(line.charAt(5) == ' ' ? 6 : 5);
        if (data.equals("[DONE]")) {
          break;
        }
        JsonNode chunk = MAPPER.readTree(data);
        JsonNode choice = chunk.path("choices").path(0);
        String text = choice.path("delta").path("content").asString("");
        if (!text.isEmpty()) {
          sink.accept(text);
          deltas++;
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
          sink.accept(usage.path("completion_tokens").asString());
        }
      }
    }
    return deltas;
  }

  /**
   * One streamed Anthropic Messages call.
   *
   * @param sink receives each delta
   * @return the number of text deltas
   */
  public int streamAnthropic(Consumer<String> sink) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", "claude-3-5-sonnet-20241022");
    body.put("max_tokens", 1024);
    body.put("system", "Answer in one sentence.");
    body.putArray("messages").addObject().put("role", "user").put("content", "What is the capital of France?");
    body.put("stream", true);
    HttpRequest request = HttpRequest.newBuilder(messagesUri)
        .header("x-api-key", "sk-ant-bench")
        .header("anthropic-version", "2023-06-01")
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)))
        .build();
    HttpResponse<Stream<String>> response = send(request, HttpResponse.BodyHandlers.ofLines());
    int deltas = 0;
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (!line.startsWith("data:")) {
          continue;
        }
        JsonNode event = MAPPER.readTree(line.substring(line.charAt(5) == ' ' ? 6 : 5));
        switch (event.path("type").asString("")) {
          case "content_block_delta":
            String text = event.path("delta").path("text").asString("");
            if (!text.isEmpty()) {
              sink.accept(text);
              deltas++;
            }
            break;
          case "message_delta":
            sink.accept(event.path("usage").path("output_tokens").asString());
            break;
          default:
            break;
        }
      }
    }
    return deltas;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(request, handler);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
