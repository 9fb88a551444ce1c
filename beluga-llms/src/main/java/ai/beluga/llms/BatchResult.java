package ai.beluga.llms;

import ai.beluga.llms.errors.LlmException;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one request of a {@link ChatModel#batch(java.util.List) batch}: its response or its error. Results
 * come back in the order of the requests.
 *
 * <pre>{@code
 * for (BatchResult result : model.batch(requests)) {
 *   switch (result) {
 *     case BatchResult.Success s -> use(s.response());
 *     case BatchResult.Failure f -> log(f.error());
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface BatchResult {

  /**
   * {@return the index of the request in the batch}
   *
   * @since 0.1.0
   */
  int index();

  /**
   * {@return the response, if the request succeeded}
   *
   * @since 0.1.0
   */
  Optional<ChatResponse> response();

  /**
   * {@return the error, if the request failed}
   *
   * @since 0.1.0
   */
  Optional<LlmException> error();

  /**
   * Returns the response or throws the error.
   *
   * @return the response
   * @throws LlmException if the request failed
   * @since 0.1.0
   */
  ChatResponse responseOrThrow();

  /**
   * A request that succeeded.
   *
   * @param index the request's index
   * @param value the response
   * @since 0.1.0
   */
  record Success(int index, ChatResponse value) implements BatchResult {
    /**
     * Checks the response is present.
     *
     * @param index the request's index
     * @param value the response
     */
    public Success {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Optional<ChatResponse> response() {
      return Optional.of(value);
    }

    @Override
    public Optional<LlmException> error() {
      return Optional.empty();
    }

    @Override
    public ChatResponse responseOrThrow() {
      return value;
    }
  }

  /**
   * A request that failed.
   *
   * @param index the request's index
   * @param failure the error
   * @since 0.1.0
   */
  record Failure(int index, LlmException failure) implements BatchResult {
    /**
     * Checks the error is present.
     *
     * @param index the request's index
     * @param failure the error
     */
    public Failure {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public Optional<ChatResponse> response() {
      return Optional.empty();
    }

    @Override
    public Optional<LlmException> error() {
      return Optional.of(failure);
    }

    @Override
    public ChatResponse responseOrThrow() {
      throw failure;
    }
  }
}
