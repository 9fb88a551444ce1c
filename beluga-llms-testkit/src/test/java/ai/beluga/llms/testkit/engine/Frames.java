package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.testkit.StubResponse;
import java.util.List;

/** The reference wire format's stream frames, as JSON text. */
public final class Frames {
  public static final String DONE = "[DONE]";

  private Frames() {}

  public static String start(String id, String model) {
    return "{\"type\":\"start\",\"id\":\"" + id + "\",\"model\":\"" + model + "\"}";
  }

  public static String text(String text) {
    return "{\"type\":\"text\",\"text\":\"" + text + "\"}";
  }

  public static String toolCallStart(int index, String id, String name) {
    return "{\"type\":\"tool_call_start\",\"index\":" + index + ",\"id\":\"" + id + "\",\"name\":\"" + name + "\"}";
  }

  public static String toolCallDelta(int index, String argumentsJson) {
    return "{\"type\":\"tool_call_delta\",\"index\":" + index + ",\"arguments\":\""
        + argumentsJson.replace("\"", "\\\"") + "\"}";
  }

  public static String toolCallEnd(int index) {
    return "{\"type\":\"tool_call_end\",\"index\":" + index + "}";
  }

  public static String usage(long input, long output) {
    return "{\"type\":\"usage\",\"input\":" + input + ",\"output\":" + output + "}";
  }

  public static String finish(String reason) {
    return "{\"type\":\"finish\",\"reason\":\"" + reason + "\"}";
  }

  public static String error(String code, String message) {
    return "{\"type\":\"error\",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
  }

  /** An SSE response with one {@code data:} event per frame. */
  public static StubResponse sse(List<String> frames) {
    StubResponse response = StubResponse.sse();
    for (String frame : frames) {
      response = response.data(frame);
    }
    return response;
  }

  /** An NDJSON response with one line per frame. */
  public static StubResponse ndjson(List<String> frames) {
    StubResponse response = StubResponse.ndjson();
    for (String frame : frames) {
      response = response.line(frame);
    }
    return response;
  }
}
