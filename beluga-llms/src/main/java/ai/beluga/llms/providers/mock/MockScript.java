package ai.beluga.llms.providers.mock;

import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.health.HealthStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The script of the {@code mock} provider, and its record of what it was asked: queue replies, run your code, then
 * assert on the requests it sent. Plays the part that the HTTP server plays for a real provider.
 *
 * <pre>{@code
 * MockScript script = MockScript.create()
 *     .enqueue(MockReply.toolCall("get_weather", "{\"city\":\"Paris\"}"))
 *     .enqueue(MockReply.text("It is sunny in Paris."));
 * ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());
 *
 * myAgent.run(model, "Weather in Paris?");
 *
 * assertThat(script.requests()).hasSize(2);
 * assertThat(script.lastRequest().orElseThrow().tools()).isNotEmpty();
 * }</pre>
 *
 * <p>Replies are taken in order, one per call. When the queue is empty the mock falls back on its default reply: it
 * echoes the last user message ({@code "mock: <text>"}), or answers the {@link #fixedReply(String)}, or, after
 * {@link #failWhenEmpty()}, fails with
 * {@code INVALID_INPUT} so that an unscripted call in a test is caught. Thread-safe.
 *
 * @since 0.1.0
 */
public final class MockScript {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition recorded = lock.newCondition();
  private final ArrayDeque<MockReply> replies = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();
  private int taken;
  private boolean failWhenEmpty;
  private String fixedReply;
  private HealthStatus.State healthState = HealthStatus.State.HEALTHY;
  private ErrorCode healthError;

  private MockScript() {}

  /**
   * {@return an empty script that echoes when no reply is queued}
   *
   * @since 0.1.0
   */
  public static MockScript create() {
    return new MockScript();
  }

  /**
   * Queues a reply.
   *
   * @param reply the reply
   * @return this script
   * @since 0.1.0
   */
  public MockScript enqueue(MockReply reply) {
    Objects.requireNonNull(reply, "reply");
    lock.lock();
    try {
      replies.add(reply);
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * Queues a text reply.
   *
   * @param text the answer
   * @return this script
   * @since 0.1.0
   */
  public MockScript enqueueText(String text) {
    return enqueue(MockReply.text(text));
  }

  /**
   * Makes calls fail with {@code INVALID_INPUT} when no reply is queued, instead of echoing.
   *
   * @return this script
   * @since 0.1.0
   */
  public MockScript failWhenEmpty() {
    lock.lock();
    try {
      failWhenEmpty = true;
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * Answers every call for which no reply is queued with this text, instead of echoing.
   *
   * @param text the answer
   * @return this script
   * @since 0.1.0
   */
  public MockScript fixedReply(String text) {
    Objects.requireNonNull(text, "text");
    lock.lock();
    try {
      fixedReply = text;
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * Sets what {@code checkHealth()} reports from now on.
   *
   * @param state the state
   * @param errorCode the error code for a degraded or unhealthy state, or null
   * @return this script
   * @since 0.1.0
   */
  public MockScript health(HealthStatus.State state, ErrorCode errorCode) {
    lock.lock();
    try {
      healthState = Objects.requireNonNull(state, "state");
      healthError = errorCode;
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * {@return every request received so far, in order}
   *
   * @since 0.1.0
   */
  public List<ChatRequest> requests() {
    lock.lock();
    try {
      return List.copyOf(requests);
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@return the most recent request, if any}
   *
   * @since 0.1.0
   */
  public Optional<ChatRequest> lastRequest() {
    lock.lock();
    try {
      return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the next request not yet taken, in the order they arrived; handy when the code under test calls the
   * model on another thread.
   *
   * @param timeout how long to wait
   * @return the request
   * @throws IllegalStateException if none arrives in time
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1.0
   */
  public ChatRequest takeRequest(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (taken >= requests.size()) {
        if (nanos <= 0) {
          throw new IllegalStateException("no request reached the mock within " + timeout);
        }
        nanos = recorded.awaitNanos(nanos);
      }
      return requests.get(taken++);
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@return how many queued replies have not been used}
   *
   * @since 0.1.0
   */
  public int remainingReplies() {
    lock.lock();
    try {
      return replies.size();
    } finally {
      lock.unlock();
    }
  }

  /** Records a request and takes the reply for it, or empty for the default reply. */
  Optional<MockReply> next(ChatRequest request) {
    lock.lock();
    try {
      requests.add(request);
      recorded.signalAll();
      MockReply reply = replies.poll();
      if (reply == null && failWhenEmpty) {
        return Optional.of(MockReply.failure(ai.beluga.llms.errors.LlmException.builder(ErrorCode.INVALID_INPUT,
            "no reply was scripted for request #" + requests.size()
                + "; queue one with MockScript.enqueue(...) or drop failWhenEmpty()").provider("mock").build()));
      }
      if (reply == null && fixedReply != null) {
        return Optional.of(MockReply.text(fixedReply));
      }
      return Optional.ofNullable(reply);
    } finally {
      lock.unlock();
    }
  }

  HealthStatus.State healthState() {
    lock.lock();
    try {
      return healthState;
    } finally {
      lock.unlock();
    }
  }

  Optional<ErrorCode> healthError() {
    lock.lock();
    try {
      return Optional.ofNullable(healthError);
    } finally {
      lock.unlock();
    }
  }
}
