package ai.beluga.llms.internal.http;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Internal API: may change in any release.
 *
 * <p>A body subscriber that reads at most a number of bytes: past the limit it either fails with
 * {@link ErrorCode#INVALID_RESPONSE} (for answers, which are useless when cut) or stops reading and keeps what it has
 * (for error bodies, whose start says enough).
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final long limit;
  private final boolean truncate;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private volatile Flow.Subscription subscription;
  private volatile boolean aborted;

  private LimitedBody(long limit, boolean truncate) {
    this.limit = limit;
    this.truncate = truncate;
  }

  /**
   * A subscriber that fails past the limit.
   *
   * @param limit the most bytes to read
   * @return the subscriber
   */
  public static LimitedBody failingPast(long limit) {
    return new LimitedBody(limit, false);
  }

  /**
   * A subscriber that keeps the first bytes up to the limit and discards the rest.
   *
   * @param limit the most bytes to keep
   * @return the subscriber
   */
  public static LimitedBody truncatingAt(long limit) {
    return new LimitedBody(limit, true);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (aborted) {
      subscription.cancel();
      result.completeExceptionally(new java.io.IOException("the body was aborted"));
      return;
    }
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      int remaining = buffer.remaining();
      if (bytes.size() + (long) remaining > limit) {
        if (truncate) {
          int keep = (int) (limit - bytes.size());
          byte[] chunk = new byte[keep];
          buffer.get(chunk);
          bytes.write(chunk, 0, keep);
          subscription.cancel();
          result.complete(bytes.toByteArray());
        } else {
          subscription.cancel();
          result.completeExceptionally(new LlmException(ErrorCode.INVALID_RESPONSE,
              "the response body is larger than the limit of " + limit
                  + " bytes; raise maxResponseBytes if this answer is expected"));
        }
        return;
      }
      byte[] chunk = new byte[remaining];
      buffer.get(chunk);
      bytes.write(chunk, 0, remaining);
    }
  }

  /**
   * Stops reading: cancels the body and fails the result. Safe from any thread, before or after
   * {@link #onSubscribe}.
   */
  void abort() {
    aborted = true;
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
      result.completeExceptionally(new java.io.IOException("the body was aborted"));
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }
}
