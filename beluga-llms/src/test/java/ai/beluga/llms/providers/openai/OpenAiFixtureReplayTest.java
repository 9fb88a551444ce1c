package ai.beluga.llms.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.StreamAccumulator;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.fixtures.Fixtures;
import ai.beluga.llms.internal.Json;
import ai.beluga.llms.spi.WireResponse;
import ai.beluga.schema.ToolCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Replays every recorded OpenAI Chat Completions answer and stream in {@code ../shared/fixtures} through the provider's
 * decoders (skipped when the folder is absent). The expected text, tool calls, usage and finish reason are computed
 * from the recording by a plain fold over its chunks, independent of the decoder. Streams are fed in 7-byte chunks.
 * Recordings of other APIs (Responses, embeddings) are counted as left out, with the reason.
 */
class OpenAiFixtureReplayTest {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final Map<String, Integer> replayed = new TreeMap<>();
  private final Map<String, Integer> leftOut = new TreeMap<>();

  @Test
  void everyRecordedChatCompletionsAnswerAndStreamDecodesToWhatTheRecordingHolds() throws IOException {
    Path root = Fixtures.requireRoot();
    JsonNode manifest = Json.MAPPER.readTree(root.resolve("manifest.json").toFile());
    int files = 0;
    for (JsonNode entry : manifest) {
      String provider = entry.path("provider").asString("");
      if (!provider.equals("openai") && !provider.equals("openai-compatible")) {
        continue;
      }
      files++;
      Path file = root.resolve(entry.path("file").asString());
      String name = file.getFileName().toString();
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (name.endsWith(".chunks.txt")) {
        replayChunkLines(name, text);
      } else if (name.endsWith(".json")) {
        replayBody(name, 200, text.getBytes(StandardCharsets.UTF_8));
      } else if (name.endsWith(".yaml")) {
        replayCassette(name, YAML.readTree(text));
      } else {
        count(leftOut, "not a recording format this test reads");
      }
    }
    System.out.printf("OpenAI fixtures: %d files; replayed %s; left out %s%n", files, replayed, leftOut);
    assertThat(files).isGreaterThan(0);
    assertThat(replayed.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(50);
  }

  private void replayChunkLines(String name, String text) {
    if (!text.contains("\"choices\"")) {
      count(leftOut, "Responses API stream (not Chat Completions)");
      return;
    }
    String start = text.stripLeading();
    if (start.startsWith("event:") || start.startsWith("data:")) {
      // A few files keep their SSE framing.
      if (text.contains("\"chat.completion.chunk\"")) {
        replayStream(name, text);
      } else {
        count(leftOut, "Responses API stream (not Chat Completions)");
      }
      return;
    }
    StringBuilder sse = new StringBuilder();
    boolean chat = false;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode chunk = Json.MAPPER.readTree(line);
      chat |= chunk.has("choices");
      sse.append("data: ").append(line).append("\n\n");
    }
    if (!chat) {
      count(leftOut, "Responses API stream (not Chat Completions)");
      return;
    }
    replayStream(name, sse.toString());
  }

  private void replayCassette(String name, JsonNode cassette) {
    for (JsonNode interaction : cassette.path("interactions")) {
      String uri = interaction.path("request").path("uri").asString("");
      if (!uri.contains("/chat/completions")) {
        count(leftOut, uri.contains("/responses") ? "Responses API exchange (not Chat Completions)"
            : "exchange with another endpoint (" + endpoint(uri) + ")");
        continue;
      }
      JsonNode response = interaction.path("response");
      int status = response.path("status").path("code").asInt(200);
      JsonNode parsed = response.get("parsed_body");
      String raw = response.path("body").path("string").asString(null);
      if (raw != null && raw.stripLeading().startsWith("data:")) {
        replayStream(name, raw);
      } else if (parsed != null) {
        replayBody(name, status, Json.MAPPER.writeValueAsBytes(parsed));
      } else if (raw != null && !raw.isEmpty()) {
        replayBody(name, status, raw.getBytes(StandardCharsets.UTF_8));
      } else {
        count(leftOut, "exchange with no response body (binary or empty)");
      }
    }
  }

  private static String endpoint(String uri) {
    int v1 = uri.indexOf("/v1/");
    return v1 < 0 ? uri : uri.substring(v1);
  }

  private void replayBody(String name, int status, byte[] body) {
    JsonNode root = Json.MAPPER.readTree(body);
    if (status >= 400 || root.has("error") && !root.has("choices")) {
      LlmException error = new OpenAiErrorClassifier("openai")
          .classify(status >= 400 ? status : 400, OpenAiStreams.NO_HEADERS, body).build();
      assertThat(error.code()).as(name).isNotNull();
      // The code is never null (the builder requires it): check the classification carried the status it was given.
      assertThat(error.httpStatus()).as(name).hasValue(status >= 400 ? status : 400);
      if ("insufficient_quota".equals(root.path("error").path("code").asString(null))) {
        assertThat(error.code()).as(name).isEqualTo(ai.beluga.llms.errors.ErrorCode.QUOTA_EXCEEDED);
      }
      count(replayed, "error bodies classified");
      return;
    }
    if (!"chat.completion".equals(root.path("object").asString(null))) {
      count(leftOut, "JSON body of another API (" + root.path("object").asString("no object") + ")");
      return;
    }
    ChatResponse response = OpenAiResponseDecoder.decode(new WireResponse(200, OpenAiStreams.NO_HEADERS, body));
    JsonNode choice = root.path("choices").path(0);
    JsonNode message = choice.path("message");
    String expectedText = message.path("content").isString() ? message.path("content").asString()
        : message.path("content").isArray() ? textParts(message.path("content"))
        : message.path("refusal").asString("");
    assertThat(response.text()).as(name).isEqualTo(expectedText);
    List<String> expectedCalls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      expectedCalls.add(call.path("id").asString() + " " + call.path("function").path("name").asString() + " "
          + call.path("function").path("arguments").asString());
    }
    assertThat(describe(response.toolCalls())).as(name).isEqualTo(expectedCalls);
    assertUsage(name, response, root.get("usage"));
    assertThat(response.rawFinishReason()).as(name).isEqualTo(Optional.ofNullable(
        choice.path("finish_reason").asString(null)));
    count(replayed, "Chat Completions answers");
  }

  private void replayStream(String name, String sse) {
    List<StreamEvent> events = OpenAiStreams.decode(sse.getBytes(StandardCharsets.UTF_8), 7);
    StreamAccumulator accumulator = new StreamAccumulator();
    events.forEach(accumulator::accept);
    ChatResponse response = accumulator.toResponse();

    StringBuilder text = new StringBuilder();
    TreeMap<Integer, String[]> calls = new TreeMap<>();
    JsonNode usage = null;
    String finish = null;
    for (String line : sse.split("\n")) {
      String data = line.strip();
      if (!data.startsWith("data:") || data.endsWith("[DONE]")) {
        continue;
      }
      JsonNode chunk = Json.MAPPER.readTree(data.substring(5));
      if (chunk.path("usage").isObject()) {
        usage = chunk.path("usage");
      }
      for (JsonNode choice : chunk.path("choices")) {
        JsonNode delta = choice.path("delta");
        text.append(delta.path("content").isArray() ? textParts(delta.path("content"))
            : delta.path("content").asString("")).append(delta.path("refusal").asString(""));
        for (JsonNode call : delta.path("tool_calls")) {
          String[] parts = calls.computeIfAbsent(call.path("index").asInt(), i -> new String[] {null, null, ""});
          parts[0] = parts[0] == null ? call.path("id").asString(null) : parts[0];
          parts[1] = parts[1] == null ? call.path("function").path("name").asString(null) : parts[1];
          parts[2] += call.path("function").path("arguments").asString("");
        }
        if (choice.path("finish_reason").isString()) {
          finish = choice.path("finish_reason").asString();
        }
      }
    }
    assertThat(response.text()).as(name).isEqualTo(text.toString());
    List<String> expectedCalls = new ArrayList<>();
    calls.values().forEach(parts -> expectedCalls.add(parts[0] + " " + parts[1] + " " + (parts[2].isEmpty() ? "{}"
        : parts[2])));
    assertThat(describe(response.toolCalls())).as(name).isEqualTo(expectedCalls);
    assertUsage(name, response, usage);
    assertThat(response.rawFinishReason()).as(name).isEqualTo(Optional.ofNullable(finish));
    count(replayed, "Chat Completions streams");
  }

  private static void assertUsage(String name, ChatResponse response, JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      assertThat(response.usage().inputTokens()).as(name).isEmpty();
      return;
    }
    assertThat(response.usage().inputTokens().orElse(-1)).as(name).isEqualTo(usage.path("prompt_tokens").asLong(-1));
    assertThat(response.usage().outputTokens().orElse(-1)).as(name)
        .isEqualTo(usage.path("completion_tokens").asLong(-1));
    assertThat(response.usage().totalTokens().orElse(-1)).as(name).isEqualTo(usage.path("total_tokens").asLong(-1));
    JsonNode cached = usage.path("prompt_tokens_details").path("cached_tokens");
    if (cached.isNumber()) {
      assertThat(response.usage().cachedInputTokens()).as(name).hasValue(cached.asLong());
    }
    JsonNode reasoning = usage.path("completion_tokens_details").path("reasoning_tokens");
    if (reasoning.isNumber()) {
      assertThat(response.usage().reasoningOutputTokens()).as(name).hasValue(reasoning.asLong());
    }
  }

  /** Mistral-style content arrays: the text of the {@code text} parts. */
  private static String textParts(JsonNode content) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if ("text".equals(part.path("type").asString(""))) {
        text.append(part.path("text").asString(""));
      }
    }
    return text.toString();
  }

  private static List<String> describe(List<ToolCall> calls) {
    List<String> described = new ArrayList<>();
    calls.forEach(call -> described.add(call.id() + " " + call.name() + " " + call.arguments()));
    return described;
  }

  private static void count(Map<String, Integer> counts, String key) {
    counts.merge(key, 1, Integer::sum);
  }
}
