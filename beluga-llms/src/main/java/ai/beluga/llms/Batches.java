package ai.beluga.llms;

import ai.beluga.llms.errors.ErrorClassifier;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Internal API: may change in any release.
 *
 * <p>Runs a batch of requests through {@link ChatModel#chatAsync} with at most N in flight, collecting each result or
 * error at its request's index.
 */
final class Batches {
  private Batches() {}

  /**
   * Runs the batch and waits for every result.
   *
   * @param model the model
   * @param requests the requests
   * @param maxConcurrency how many may run at once
   * @return the results in request order
   */
  static List<BatchResult> run(ChatModel model, List<ChatRequest> requests, int maxConcurrency) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
    }
    List<ChatRequest> work = List.copyOf(requests);
    BatchResult[] results = new BatchResult[work.size()];
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    LinkedBlockingQueue<Integer> finished = new LinkedBlockingQueue<>();
    int next = 0;
    int done = 0;
    try {
      while (done < work.size()) {
        while (next < work.size() && next - done < maxConcurrency) {
          int index = next++;
          CompletableFuture<ChatResponse> call;
          try {
            call = model.chatAsync(work.get(index));
          } catch (RuntimeException e) {
            // A call that fails before it starts is one failed result, not the end of the batch.
            call = CompletableFuture.failedFuture(e);
          }
          inFlight.add(call);
          call.handle((response, failure) -> {
            results[index] = failure == null ? new BatchResult.Success(index, response)
                : new BatchResult.Failure(index, ErrorClassifier.fromThrowable(failure, model.provider(),
                    model.model()));
            finished.add(index);
            return null;
          });
        }
        finished.take();
        done++;
      }
    } catch (InterruptedException e) {
      for (CompletableFuture<?> call : inFlight) {
        call.cancel(true);
      }
      Thread.currentThread().interrupt();
      throw LlmException.builder(ErrorCode.CANCELLED, "the thread running the batch was interrupted; "
          + (work.size() - done) + " of " + work.size() + " requests were cancelled").cause(e).build();
    }
    return List.of(results);
  }
}
