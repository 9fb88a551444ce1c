package ai.beluga.llms.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.fixtures.Fixtures;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.ToolCall;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Replays every recorded Anthropic Messages response and stream in {@code ../shared/fixtures} (skipped when the folder
 * is absent) through the provider's decoders, and checks that the collected text, tool calls (id, name, complete
 * arguments), usage and finish reason equal what the recording holds. The expected values are read from the recording
 * with plain tree walks, not with the decoders under test. Recorded error bodies are classified.
 *
 * <p>Left out, each counted and named in the summary this test prints: bodies that are not a Messages answer (token
 * counts, skill uploads, other providers' exchanges inside a cassette) and the hand-edited
 * {@code spliced-message-start} stream, which splices two answers into one stream, something the API never sends.
 */
class AnthropicFixturesConformanceTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);
  private static final int[] CHUNK_SIZES = {0, 5};

  @Test
  void everyRecordedAnthropicAnswerAndStreamDecodesToWhatTheRecordingHolds() throws IOException {
    Path root = Fixtures.requireRoot();
    Tally tally = new Tally();
    for (JsonNode entry : JSON.readTree(root.resolve("manifest.json").toFile())) {
      if (!"anthropic".equals(entry.path("provider").asString(""))) {
        continue;
      }
      String file = entry.path("file").asString("");
      Path path = root.resolve(file);
      if (file.endsWith(".chunks.txt")) {
        if (file.endsWith("spliced-message-start.chunks.txt")) {
          tally.skip(file, "hand-edited upstream: two answers spliced into one stream");
          continue;
        }
        String content = Files.readString(path, StandardCharsets.UTF_8);
        if (content.startsWith("event:") || content.startsWith("data:")) {
          // A few recordings kept their SSE framing.
          checkStream(file, content, tally);
          continue;
        }
        StringBuilder sse = new StringBuilder();
        for (String line : content.split("\n")) {
          if (!line.isBlank()) {
            sse.append(AnthropicStreams.event(JSON.readTree(line).path("type").asString(""), line));
          }
        }
        checkStream(file, sse.toString(), tally);
      } else if (file.endsWith(".json")) {
        JsonNode recorded = JSON.readTree(path.toFile());
        if (recorded.path("response").isObject() && recorded.has("request")) {
          // A live exchange saved with its request: the answer is the response's body, with its status.
          JsonNode response = recorded.path("response");
          checkBody(file, response.path("status").asInt(200), JSON.writeValueAsBytes(response.path("body")), tally);
        } else {
          // Bodies saved alone carry no status: an error body is replayed with the status Anthropic documents for
          // its error type.
          checkBody(file, documentedStatus(recorded), Files.readAllBytes(path), tally);
        }
      } else if (file.endsWith(".yaml")) {
        replayCassette(file, YAML.readTree(path.toFile()), tally);
      } else {
        tally.skip(file, "not a recording format this test reads");
      }
    }
    System.out.println(tally.summary());
    assertThat(tally.failures).isEmpty();
    assertThat(tally.streams).isGreaterThan(0);
    assertThat(tally.bodies).isGreaterThan(0);
  }

  private static void replayCassette(String file, JsonNode cassette, Tally tally) {
    int index = 0;
    for (JsonNode interaction : cassette.path("interactions")) {
      String name = file + "#" + index++;
      String uri = interaction.path("request").path("uri").asString("");
      if (!uri.endsWith("/v1/messages") && !uri.contains("/v1/messages?")) {
        tally.skip(name, "not a Messages API call: " + uri.replaceAll("\\?.*", ""));
        continue;
      }
      JsonNode response = interaction.path("response");
      int status = response.path("status").path("code").asInt(0);
      JsonNode parsed = response.get("parsed_body");
      JsonNode string = response.path("body").get("string");
      if (parsed != null) {
        checkBody(name, status, JSON.writeValueAsBytes(parsed), tally);
      } else if (string != null && string.isString() && (string.asString().strip().startsWith("event:") || string.asString().strip().startsWith("data:"))) {
        checkStream(name, string.asString(), tally);
      } else if (string != null && string.isString()) {
        checkBody(name, status, string.asString().getBytes(StandardCharsets.UTF_8), tally);
      } else {
        tally.skip(name, "no readable body");
      }
    }
  }

  private static void checkBody(String name, int status, byte[] body, Tally tally) {
    JsonNode root = JSON.readTree(body);
    if (status >= 300 || "error".equals(root.path("type").asString(""))) {
      LlmException error = new AnthropicErrorClassifier(Clock.systemUTC())
          .classify(status >= 300 ? status : 200, NO_HEADERS, body, 0, body.length).build();
      ErrorCode expected = expectedCode(status, root.path("error"));
      tally.errors++;
      if (error.code() != expected) {
        tally.fail(name, "error classified " + error.code() + ", expected " + expected);
      }
      return;
    }
    if (!"message".equals(root.path("type").asString(""))) {
      tally.skip(name, "not a Messages answer (type " + root.path("type").asString("none") + ")");
      return;
    }
    tally.bodies++;
    try {
      ChatResponse response = AnthropicResponseDecoder.decode(body, 0, body.length);
      compare(name, response, expected(root), tally);
    } catch (RuntimeException e) {
      tally.fail(name, "threw " + e);
    }
  }

  private static void checkStream(String name, String sse, Tally tally) {
    Expected expected = expectedOfStream(sse);
    tally.streams++;
    for (int size : CHUNK_SIZES) {
      AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);
      String label = name + " (" + (size == 0 ? "whole" : "split every " + size + " bytes") + ")";
      if (expected.error != null) {
        if (result.failure() == null || result.failure().code() != expected.error) {
          tally.fail(label, "expected the stream to fail with " + expected.error + ", got " + result.failure());
        }
        continue;
      }
      if (result.failure() != null) {
        tally.fail(label, "threw " + result.failure());
        continue;
      }
      compare(label, result.collect(), expected, tally);
    }
  }

  private static void compare(String name, ChatResponse response, Expected expected, Tally tally) {
    List<String> problems = new ArrayList<>();
    if (!response.text().equals(expected.text)) {
      problems.add("text differs: " + abbreviate(response.text()) + " vs " + abbreviate(expected.text));
    }
    List<String> calls = new ArrayList<>();
    for (ToolCall call : response.toolCalls()) {
      calls.add(call.id() + " " + call.name() + " " + call.argumentsJson());
    }
    if (!calls.equals(expected.toolCalls)) {
      problems.add("tool calls differ: " + calls + " vs " + expected.toolCalls);
    }
    if (!response.usage().inputTokens().equals(expected.input)
        || !response.usage().outputTokens().equals(expected.output)
        || !response.usage().cachedInputTokens().equals(expected.cached)) {
      problems.add("usage differs: " + response.usage() + " vs input " + expected.input + " output "
          + expected.output + " cached " + expected.cached);
    }
    if (response.finishReason() != expected.finish
        || !response.rawFinishReason().equals(java.util.Optional.ofNullable(expected.rawFinish))) {
      problems.add("finish differs: " + response.finishReason() + "/" + response.rawFinishReason() + " vs "
          + expected.finish + "/" + expected.rawFinish);
    }
    if (!problems.isEmpty()) {
      tally.fail(name, String.join("; ", problems));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // What the recording holds, read with plain tree walks

  private static Expected expected(JsonNode message) {
    Expected expected = new Expected();
    StringBuilder text = new StringBuilder();
    for (JsonNode block : message.path("content")) {
      String type = block.path("type").asString("");
      if (type.equals("text")) {
        text.append(block.path("text").asString(""));
      } else if (type.equals("tool_use")) {
        expected.toolCalls.add(block.path("id").asString("") + " " + block.path("name").asString("") + " "
            + block.path("input"));
      }
    }
    expected.text = text.toString();
    Map<String, Long> usage = new LinkedHashMap<>();
    mergeUsage(usage, message.path("usage"));
    expected.setUsage(usage);
    expected.setFinish(message.path("stop_reason").asString(null));
    return expected;
  }

  private static Expected expectedOfStream(String sse) {
    Expected expected = new Expected();
    StringBuilder text = new StringBuilder();
    Map<Integer, String[]> tools = new TreeMap<>();
    Map<Integer, StringBuilder> inputs = new TreeMap<>();
    Map<String, Long> usage = new LinkedHashMap<>();
    String stopReason = null;
    List<String[]> order = new ArrayList<>();
    for (String line : sse.split("\n")) {
      if (!line.startsWith("data:")) {
        continue;
      }
      JsonNode event = JSON.readTree(line.substring(5).trim());
      int index = event.path("index").asInt(0);
      switch (event.path("type").asString("")) {
        case "message_start":
          mergeUsage(usage, event.path("message").path("usage"));
          break;
        case "content_block_start":
          if (event.path("content_block").path("type").asString("").equals("tool_use")) {
            String[] call = {event.path("content_block").path("id").asString(""),
                event.path("content_block").path("name").asString("")};
            tools.put(index, call);
            order.add(call);
            inputs.put(index, new StringBuilder());
          } else if (event.path("content_block").path("type").asString("").equals("text")) {
            text.append(event.path("content_block").path("text").asString(""));
          }
          break;
        case "content_block_delta":
          if (event.path("delta").path("type").asString("").equals("text_delta")) {
            text.append(event.path("delta").path("text").asString(""));
          } else if (event.path("delta").path("type").asString("").equals("input_json_delta")
              && inputs.containsKey(index)) {
            inputs.get(index).append(event.path("delta").path("partial_json").asString(""));
          }
          break;
        case "message_delta":
          mergeUsage(usage, event.path("usage"));
          if (event.path("delta").path("stop_reason").isString()) {
            stopReason = event.path("delta").path("stop_reason").asString("");
          }
          break;
        case "error":
          expected.error = expectedCode(200, event.path("error"));
          break;
        default:
          break;
      }
    }
    for (Map.Entry<Integer, String[]> tool : tools.entrySet()) {
      String input = inputs.get(tool.getKey()).toString();
      expected.toolCalls.add(tool.getValue()[0] + " " + tool.getValue()[1] + " "
          + (input.isEmpty() ? JSON.createObjectNode() : JSON.readTree(input)));
    }
    expected.text = text.toString();
    expected.setUsage(usage);
    expected.setFinish(stopReason);
    return expected;
  }

  private static void mergeUsage(Map<String, Long> usage, JsonNode node) {
    for (String field : List.of("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens",
        "output_tokens")) {
      if (node.path(field).isNumber()) {
        usage.put(field, node.path(field).asLong());
      }
    }
  }

  private static ErrorCode expectedCode(int status, JsonNode error) {
    switch (error.path("type").asString("")) {
      case "overloaded_error":
        return ErrorCode.OVERLOADED;
      case "not_found_error":
        return ErrorCode.NOT_FOUND;
      case "rate_limit_error":
        return ErrorCode.RATE_LIMIT;
      case "invalid_request_error":
        return error.path("message").asString("").contains("prompt is too long")
            ? ErrorCode.CONTEXT_LENGTH_EXCEEDED : ErrorCode.INVALID_INPUT;
      case "authentication_error":
        return ErrorCode.AUTHENTICATION;
      default:
        return ErrorCode.fromHttpStatus(status);
    }
  }

  private static int documentedStatus(JsonNode body) {
    if (!"error".equals(body.path("type").asString(""))) {
      return 200;
    }
    switch (body.path("error").path("type").asString("")) {
      case "invalid_request_error":
        return 400;
      case "authentication_error":
        return 401;
      case "permission_error":
        return 403;
      case "not_found_error":
        return 404;
      case "rate_limit_error":
        return 429;
      case "overloaded_error":
        return 529;
      default:
        return 500;
    }
  }

  private static String abbreviate(String text) {
    return '"' + (text.length() <= 60 ? text : text.substring(0, 60) + "...") + '"';
  }

  /** The answer a recording holds. */
  private static final class Expected {
    String text = "";
    final List<String> toolCalls = new ArrayList<>();
    OptionalLong input = OptionalLong.empty();
    OptionalLong output = OptionalLong.empty();
    OptionalLong cached = OptionalLong.empty();
    FinishReason finish = FinishReason.UNKNOWN;
    String rawFinish;
    ErrorCode error;

    void setUsage(Map<String, Long> usage) {
      if (usage.containsKey("input_tokens") || usage.containsKey("cache_read_input_tokens")
          || usage.containsKey("cache_creation_input_tokens")) {
        input = OptionalLong.of(usage.getOrDefault("input_tokens", 0L)
            + usage.getOrDefault("cache_read_input_tokens", 0L) + usage.getOrDefault("cache_creation_input_tokens", 0L));
      }
      if (usage.containsKey("output_tokens")) {
        output = OptionalLong.of(usage.get("output_tokens"));
      }
      if (usage.containsKey("cache_read_input_tokens")) {
        cached = OptionalLong.of(usage.get("cache_read_input_tokens"));
      }
    }

    void setFinish(String stopReason) {
      rawFinish = stopReason;
      if (stopReason == null) {
        finish = FinishReason.UNKNOWN;
        return;
      }
      switch (stopReason) {
        case "end_turn", "stop_sequence" -> finish = FinishReason.STOP;
        case "max_tokens", "model_context_window_exceeded" -> finish = FinishReason.LENGTH;
        case "tool_use" -> finish = FinishReason.TOOL_CALLS;
        case "refusal" -> finish = FinishReason.CONTENT_FILTER;
        default -> finish = FinishReason.OTHER;
      }
    }
  }

  /** Counts of what was replayed, left out and failed. */
  private static final class Tally {
    int bodies;
    int streams;
    int errors;
    final Map<String, String> skipped = new LinkedHashMap<>();
    final Map<String, String> failures = new LinkedHashMap<>();

    void skip(String name, String why) {
      skipped.put(name, why);
    }

    void fail(String name, String why) {
      failures.put(name, why);
    }

    String summary() {
      StringBuilder summary = new StringBuilder("Anthropic fixtures: replayed " + bodies + " answers, " + streams
          + " streams and " + errors + " error bodies; left out " + skipped.size() + ":");
      skipped.forEach((name, why) -> summary.append("\n  ").append(name).append(": ").append(why));
      failures.forEach((name, why) -> summary.append("\n  FAILED ").append(name).append(": ").append(why));
      return summary.toString();
    }
  }
}
