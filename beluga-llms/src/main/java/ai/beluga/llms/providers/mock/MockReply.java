package ai.beluga.llms.providers.mock;

import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One scripted answer of the {@code mock} provider: a response (streamed in chunks when asked for a stream), or a
 * failure, optionally after a delay, and for streams optionally after some events.
 *
 * <pre>{@code
 * MockReply.text("Hello!");
 * MockReply.toolCall("get_weather", "{\"city\":\"Paris\"}");
 * MockReply.failure(ErrorCode.RATE_LIMIT).withDelay(Duration.ofMillis(50));
 * MockReply.text("cut short").failingAfter(3, ErrorCode.NETWORK);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param response the answer, when the reply succeeds or fails part-way through a stream
 * @param failure the error, when the reply fails
 * @param failAfterEvents for a stream: how many events are sent before the failure; -1 fails before any event (and
 *     a non-streaming call fails whenever a failure is set)
 * @param delay how long to wait before answering
 * @since 0.1.0
 */
public record MockReply(
    Optional<ChatResponse> response, Optional<LlmException> failure, int failAfterEvents, Duration delay) {

  /**
   * Checks that the reply has a response or a failure.
   *
   * @param response the answer, when the reply succeeds or fails part-way through a stream
   * @param failure the error, when the reply fails
   * @param failAfterEvents for a stream: how many events are sent before the failure; -1 fails before any event (and a non-streaming call fails whenever a failure is set)
   * @param delay how long to wait before answering
   * @throws IllegalArgumentException if it has neither, or a part-way failure lacks a response
   */
  public MockReply {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(delay, "delay");
    if (response.isEmpty() && failure.isEmpty()) {
      throw new IllegalArgumentException("a mock reply needs a response or a failure");
    }
    if (failAfterEvents >= 0 && (response.isEmpty() || failure.isEmpty())) {
      throw new IllegalArgumentException("a failure part-way through a stream needs both a response and a failure");
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
  }

  /**
   * Answers with text; usage is estimated from the request and answer lengths.
   *
   * @param text the answer
   * @return the reply
   * @since 0.1.0
   */
  public static MockReply text(String text) {
    return of(ChatResponse.ofText(text));
  }

  /**
   * Answers with a complete response, exactly as given.
   *
   * @param response the response
   * @return the reply
   * @since 0.1.0
   */
  public static MockReply of(ChatResponse response) {
    return new MockReply(Optional.of(response), Optional.empty(), -1, Duration.ZERO);
  }

  /**
   * Answers with one tool call, with a generated id ({@code call_1}, {@code call_2}, ... within the reply).
   *
   * @param name the tool's name
   * @param argumentsJson the arguments as JSON text
   * @return the reply
   * @since 0.1.0
   */
  public static MockReply toolCall(String name, String argumentsJson) {
    return toolCalls(List.of(ToolCall.of("call_1", name, argumentsJson)));
  }

  /**
   * Answers with tool calls and no text; the finish reason is {@code TOOL_CALLS}.
   *
   * @param calls the calls
   * @return the reply
   * @since 0.1.0
   */
  public static MockReply toolCalls(List<ToolCall> calls) {
    Message.Assistant message = Message.assistant("", calls);
    return of(new ChatResponse(message, Usage.empty(), FinishReason.TOOL_CALLS, Optional.of("tool_calls"),
        Optional.empty(), Optional.empty(), Map.of()));
  }

  /**
   * Fails with a code and a generic message.
   *
   * @param code the code
   * @return the reply
   * @since 0.1.0
   */
  public static MockReply failure(ErrorCode code) {
    return failure(LlmException.builder(code, "scripted " + code.errorType() + " failure").provider("mock")
        .httpStatus(statusOf(code)).build());
  }

  /**
   * Fails with this exception.
   *
   * @param failure the exception
   * @return the reply
   * @since 0.1.0
   */
  public static MockReply failure(LlmException failure) {
    return new MockReply(Optional.empty(), Optional.of(failure), -1, Duration.ZERO);
  }

  /**
   * {@return a copy that waits before answering (interruptible; bounded by the call's timeout)}
   *
   * @param delay the wait
   * @since 0.1.0
   */
  public MockReply withDelay(Duration delay) {
    return new MockReply(response, failure, failAfterEvents, delay);
  }

  /**
   * {@return a copy that, when streamed, sends this many events of the response and then fails; a non-streaming call
   * fails at once}
   *
   * @param events how many events to send first, zero or more
   * @param code the failure's code
   * @since 0.1.0
   */
  public MockReply failingAfter(int events, ErrorCode code) {
    if (events < 0) {
      throw new IllegalArgumentException("events must be zero or more, was " + events);
    }
    if (response.isEmpty()) {
      throw new IllegalArgumentException("only a reply with a response can fail part-way through");
    }
    LlmException error = LlmException.builder(code, "scripted " + code.errorType() + " failure after " + events
        + " events").provider("mock").build();
    return new MockReply(response, Optional.of(error), events, delay);
  }

  private static int statusOf(ErrorCode code) {
    switch (code) {
      case INVALID_INPUT:
      case CONTEXT_LENGTH_EXCEEDED:
      case CONTENT_FILTERED:
        return 400;
      case AUTHENTICATION:
        return 401;
      case PERMISSION_DENIED:
        return 403;
      case NOT_FOUND:
        return 404;
      case REQUEST_TOO_LARGE:
        return 413;
      case RATE_LIMIT:
      case QUOTA_EXCEEDED:
        return 429;
      case OVERLOADED:
        return 503;
      case SERVER_ERROR:
        return 500;
      case TIMEOUT:
        return 504;
      default:
        return 0;
    }
  }
}
