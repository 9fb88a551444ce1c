package ai.beluga.llms.internal.http;

import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.flow.EventChannel;
import ai.beluga.llms.flow.IdleWatch;
import ai.beluga.llms.spi.ChatTranslator;
import ai.beluga.llms.spi.StreamDecoder;
import ai.beluga.llms.spi.WireResponse;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Internal API: may change in any release.
 *
 * <p>One streamed exchange as a cold, single-subscriber publisher of {@link StreamEvent}s. Subscribing sends the
 * request. Bytes are pulled from the HTTP client one network read at a time, only while the subscriber has unmet
 * demand or nothing is queued (so that the end of the body is seen without more demand), so no thread waits and a
 * slow subscriber slows the connection (TCP back-pressure) instead of filling memory. Frames are decoded by the shared
 * SSE or NDJSON decoder and handed to the provider's {@link StreamDecoder}. An error status is read (up to a limit) and
 * classified; an error inside a 200 stream ends the stream with the decoder's exception; a body that ends before the
 * provider's end of answer fails with {@code NETWORK}. Cancelling the subscription aborts the exchange.
 */
final class HttpStreamPublisher implements Flow.Publisher<StreamEvent> {
  private final HttpChatModel model;
  private final ChatRequest request;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  HttpStreamPublisher(HttpChatModel model, ChatRequest request) {
    this.model = model;
    this.request = request;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super StreamEvent> subscriber) {
    EventChannel<StreamEvent> channel = new EventChannel<>(subscriber);
    if (!subscribed.compareAndSet(false, true)) {
      channel.start(EventChannel.Upstream.NONE);
      channel.fail(new IllegalStateException("a stream can be subscribed to once"));
      return;
    }
    ChatRequest effective;
    HttpRequest http;
    try {
      effective = model.prepare(request);
      http = model.toHttp(model.translator().encode(effective, true), true);
    } catch (RuntimeException e) {
      channel.start(EventChannel.Upstream.NONE);
      channel.fail(model.asLlmException(e, model.modelOf(request)));
      return;
    }
    Exchange exchange = new Exchange(channel, effective.options().model().orElseThrow(), model.timeoutOf(effective),
        effective.options().streamIdleTimeout().orElse(ai.beluga.llms.spi.HttpModelSettings.DEFAULT_STREAM_IDLE_TIMEOUT));
    channel.start(exchange);
    exchange.send(http);
  }

  /** The state of one exchange: the HTTP future, the body subscription, and the decoders. */
  private final class Exchange implements EventChannel.Upstream, HttpResponse.BodyHandler<Void> {
    private final EventChannel<StreamEvent> channel;
    private final String modelName;
    private final Duration timeout;
    private final AtomicBoolean requestOutstanding = new AtomicBoolean();
    private volatile CompletableFuture<HttpResponse<Void>> response;
    private volatile Flow.Subscription body;
    private volatile ScheduledFuture<?> deadline;
    private volatile boolean cancelled;
    /** Set when the body has ended and the {@code sendAsync} future is let go (see {@link #detach()}). */
    private volatile boolean detached;
    private final Duration idleTimeout;
    /** Silence counts only while a read is outstanding: a slow reader is not a silent server. */
    private final IdleWatch idle;

    private Exchange(EventChannel<StreamEvent> channel, String modelName, Duration timeout, Duration idleTimeout) {
      this.channel = channel;
      this.modelName = modelName;
      this.timeout = timeout;
      this.idleTimeout = idleTimeout;
      this.idle = new IdleWatch(model.context().scheduler(), idleTimeout, requestOutstanding::get, this::idleTimedOut);
    }

    /** Issue 5: "no bytes for N seconds ends the stream with TIMEOUT". */
    private void idleTimedOut() {
      if (channel.isDone() || channel.isCancelled()) {
        return;
      }
      channel.fail(LlmException.builder(ai.beluga.llms.errors.ErrorCode.TIMEOUT, "the stream received no data for "
          + idleTimeout.toMillis() + " ms (its idle timeout); raise"
          + " streamIdleTimeout in the call's options or the model's default options")
          .provider(model.provider()).model(modelName).build());
      abort();
    }

    private void touch() {
      idle.touch();
    }

    private void watchIdle() {
      if (channel.isDone() || channel.isCancelled()) {
        return;
      }
      try {
        idle.start();
      } catch (RejectedExecutionException e) {
        fail(model.schedulerRejected(e, modelName));
      }
    }

    void send(HttpRequest http) {
      if (cancelled) {
        return;
      }
      // The deadline covers the time until the response starts; an idle timeout for the body is a separate concern.
      try {
        deadline = model.context().scheduler().schedule(() -> {
          channel.fail(model.timedOut(timeout, modelName));
          abort();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // Without a deadline the stream could wait for ever: refuse to send rather than leak a request.
        channel.fail(model.schedulerRejected(e, modelName));
        return;
      }
      CompletableFuture<HttpResponse<Void>> future = model.httpClient().sendAsync(http, this);
      response = future;
      future.whenComplete((ignored, error) -> {
        // Once detached, the body's own callbacks report the outcome and this one only sees the cancellation.
        if (error != null && !detached) {
          cancelDeadline();
          channel.fail(model.failureOf(error, modelName));
        }
      });
      if (cancelled) {
        future.cancel(true);
      }
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
      WireResponse head = new WireResponse(info.statusCode(), info.headers(), new byte[0]);
      if (!head.isSuccess()) {
        // The deadline keeps running while the error body is read, so a server that drips it cannot hold the
        // connection past the call's timeout; the error body's completion cancels the deadline.
        return new ErrorBody(info.statusCode(), info.headers());
      }
      cancelDeadline();
      StreamDecoder decoder;
      try {
        decoder = model.translator().newStreamDecoder(head);
      } catch (RuntimeException e) {
        channel.fail(model.asLlmException(e, modelName));
        // Not BodySubscribers.replacing(null): it reads and discards the whole body, which for a stream nobody
        // will read can go on for minutes. Cancelling the body makes the client drop the connection.
        return new Refused();
      }
      return new FrameBody(decoder);
    }

    @Override
    public void onDemand() {
      Flow.Subscription current = body;
      if (current != null && requestOutstanding.compareAndSet(false, true)) {
        touch();
        current.request(1);
      }
    }

    @Override
    public void onCancel() {
      cancelled = true;
      abort();
    }

    private void abort() {
      cancelDeadline();
      stopWatchingIdle();
      Flow.Subscription current = body;
      if (current != null) {
        current.cancel();
      }
      CompletableFuture<HttpResponse<Void>> future = response;
      if (future != null) {
        future.cancel(true);
      }
    }

    /**
     * Lets go of the future {@code sendAsync} returned, once the body has ended and the channel is terminated (issue 6
     * (f)). That future is a stage the JDK client completes on the default {@code CompletableFuture} executor, which
     * on a machine with fewer than 3 cores (common pool parallelism 1) starts a new platform thread per task: one
     * thread per stream, started as its body ends. A dependent stage that is already complete when its source
     * completes runs nothing, so cancelling it here, before {@link FrameBody#done} completes the exchange, means no
     * thread is started. {@code cancel(false)} on that stage does not reach the exchange (only {@code cancel(true)}
     * interrupts it), whose body has ended anyway; the connection goes back to the pool as before. The failure
     * callback registered in {@link #send} sees the cancellation and ignores it: the body's own {@code onComplete} or
     * {@code onError} ends the channel.
     */
    private void detach() {
      detached = true;
      CompletableFuture<HttpResponse<Void>> future = response;
      if (future != null) {
        future.cancel(false);
      }
    }

    private void stopWatchingIdle() {
      idle.stop();
    }

    private void cancelDeadline() {
      ScheduledFuture<?> current = deadline;
      if (current != null) {
        current.cancel(false);
      }
    }

    private void fail(RuntimeException e) {
      channel.fail(model.asLlmException(e, modelName));
      abort();
    }

    /** Reads a 2xx body frame by frame, pulling one network buffer at a time while there is demand. */
    private final class FrameBody implements HttpResponse.BodySubscriber<Void>, StreamDecoder.EventSink {
      private final StreamDecoder decoder;
      private final FrameDecoder frames;
      private final CompletableFuture<Void> done = new CompletableFuture<>();
      /** Events decoded from the current network buffer, not yet pushed (see {@link #flush()}). */
      private final java.util.ArrayList<StreamEvent> pending = new java.util.ArrayList<>();
      private boolean failed;

      FrameBody(StreamDecoder decoder) {
        this.decoder = decoder;
        this.frames = model.translator().streamFraming() == ChatTranslator.StreamFraming.SSE
            ? new SseDecoder((type, data, offset, length, id) -> decoder.onFrame(type, data, offset, length, this))
            : new NdjsonDecoder((data, offset, length) -> decoder.onFrame("message", data, offset, length, this));
      }

      @Override
      public void emit(StreamEvent event) {
        pending.add(event);
      }

      /**
       * Hands the events decoded from one network buffer to the channel in one burst (issue 6 (b)). Pushed as each
       * frame was decoded, every event found a reader that had caught up and parked, and woke it: one wake-up per
       * event. Pushed after the whole buffer is decoded, the first event wakes the reader and the rest are queued
       * before it runs, so it takes them without parking again. The list is reused for the whole stream.
       */
      private void flush() {
        int size = pending.size();
        for (int i = 0; i < size; i++) {
          channel.push(pending.get(i));
        }
        pending.clear();
      }

      @Override
      public CompletionStage<Void> getBody() {
        return done;
      }

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        body = subscription;
        // isDone: the deadline can fire just as the headers arrive, and its abort() then found no body to cancel.
        if (cancelled || channel.isCancelled() || channel.isDone()) {
          subscription.cancel();
          return;
        }
        requestOutstanding.set(true);
        touch();
        watchIdle();
        subscription.request(1);
      }

      @Override
      public void onNext(List<ByteBuffer> buffers) {
        touch();
        requestOutstanding.set(false);
        if (failed || channel.isCancelled()) {
          return;
        }
        try {
          frames.feed(buffers);
        } catch (RuntimeException e) {
          failed = true;
          // The events decoded before the failing frame go first, as they did when each was pushed at once.
          flush();
          fail(e);
          return;
        }
        flush();
        if (channel.wantsMore() && requestOutstanding.compareAndSet(false, true)) {
          touch();
          body.request(1);
        }
      }

      @Override
      public void onError(Throwable throwable) {
        detach();
        done.complete(null);
        stopWatchingIdle();
        if (!failed && !channel.isCancelled()) {
          channel.fail(model.failureOf(throwable, modelName));
        }
      }

      @Override
      public void onComplete() {
        detach();
        done.complete(null);
        stopWatchingIdle();
        if (failed || channel.isCancelled()) {
          return;
        }
        try {
          frames.end();
          decoder.onEnd(this);
          flush();
          channel.complete();
        } catch (RuntimeException e) {
          flush();
          channel.fail(model.asLlmException(e, modelName));
        }
      }
    }

    /** Takes no bytes of a body nobody will read: cancels at once, so the client closes the connection. */
    private final class Refused implements HttpResponse.BodySubscriber<Void> {
      @Override
      public CompletionStage<Void> getBody() {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        body = subscription;
        subscription.cancel();
      }

      @Override
      public void onNext(List<ByteBuffer> item) {}

      @Override
      public void onError(Throwable throwable) {}

      @Override
      public void onComplete() {}
    }

    /** Reads an error body (up to a limit) and fails the stream with its classification. */
    private final class ErrorBody implements HttpResponse.BodySubscriber<Void> {
      private final int status;
      private final HttpHeaders headers;
      private final LimitedBody bytes = LimitedBody.truncatingAt(HttpChatModel.MAX_ERROR_BODY_BYTES);
      private final CompletableFuture<Void> done = new CompletableFuture<>();

      ErrorBody(int status, HttpHeaders headers) {
        this.status = status;
        this.headers = headers;
        bytes.getBody().whenComplete((body, error) -> {
          cancelDeadline();
          done.complete(null);
          byte[] read = body != null ? body : new byte[0];
          try {
            channel.fail(model.errorOf(new WireResponse(status, headers, read), modelName));
          } catch (RuntimeException e) {
            channel.fail(model.asLlmException(e, modelName));
          }
        });
      }

      @Override
      public CompletionStage<Void> getBody() {
        return done;
      }

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        body = subscription;
        bytes.onSubscribe(subscription);
      }

      @Override
      public void onNext(List<ByteBuffer> item) {
        bytes.onNext(item);
      }

      @Override
      public void onError(Throwable throwable) {
        bytes.onComplete();
      }

      @Override
      public void onComplete() {
        bytes.onComplete();
      }
    }
  }
}
