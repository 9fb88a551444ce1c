package ai.beluga.llms;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.BlockingEventIterator;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed answer: iterate it, subscribe to it, print its text as it arrives, or collect it into the same
 * {@link ChatResponse} that {@code chat} returns.
 *
 * <p>A stream is consumed once, in one of two ways:
 *
 * <ul>
 *   <li>as an {@link Iterable} with a blocking pull: {@link #iterator()}, {@link #textStream()} or
 *       {@link #collect()} (which may follow a partial iteration and picks up where it stopped);
 *   <li>as a {@link Flow.Publisher} with {@link #toPublisher()}, which honours the subscriber's demand and blocks no
 *       thread while waiting for bytes.
 * </ul>
 *
 * <p>A decorator that wraps a model's stream (middleware) takes it over with {@link #handOver}, which puts nothing
 * between the source and the decorator's subscriber.
 *
 * <p>The request is sent when the stream is first consumed, not when it is created. Errors, including those a
 * provider sends after HTTP 200, end the stream with an {@link LlmException}: thrown by the iterator's
 * {@code hasNext()}, or passed to the subscriber's {@code onError}. {@link #close()} cancels the request and frees
 * the connection; it is safe to call at any time, from any thread, more than once.
 *
 * <pre>{@code
 * try (ChatStream stream = model.stream(ChatRequest.of("Tell me a story"))) {
 *   for (StreamEvent event : stream) {
 *     if (event instanceof StreamEvent.TextDelta delta) {
 *       System.out.print(delta.text());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe for {@link #close()}; the iterator itself is for one consuming thread.
 *
 * @since 0.1.0
 */
public final class ChatStream implements Iterable<StreamEvent>, AutoCloseable {
  private enum State { NEW, ITERATING, PUBLISHED, HANDED_OVER, CLOSED }

  private final Flow.Publisher<StreamEvent> source;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final StreamAccumulator accumulator = new StreamAccumulator();
  private volatile BlockingEventIterator<StreamEvent> events;
  private volatile Flow.Subscription publishedSubscription;
  private volatile boolean closedUnread;

  private ChatStream(Flow.Publisher<StreamEvent> source) {
    this.source = source;
  }

  /**
   * Wraps a cold, single-subscriber publisher of events. Providers and middleware use this; the publisher must not
   * start any work before it is subscribed to, and must release everything when its subscription is cancelled.
   *
   * @param source the events
   * @return the stream
   * @since 0.1.0
   */
  public static ChatStream of(Flow.Publisher<StreamEvent> source) {
    return new ChatStream(Objects.requireNonNull(source, "source"));
  }

  /**
   * Returns a blocking iterator over the events; the first call sends the request. {@code hasNext()} blocks until an
   * event arrives, and throws {@link LlmException} if the stream fails ({@code CANCELLED} with the interrupt flag
   * set again if the thread is interrupted while waiting). After {@link #close()} it returns {@code false}.
   *
   * @return the iterator; every call returns a view over the same position in the stream
   * @throws IllegalStateException if the stream was already handed out with {@link #toPublisher()}
   * @since 0.1.0
   */
  @Override
  public Iterator<StreamEvent> iterator() {
    return new AccumulatingIterator(openEvents());
  }

  /**
   * Hands this stream, unread, to a decorator's subscriber that takes it over, with nothing in between: unlike
   * {@link #toPublisher()}, no wrapper sits between the source and the subscriber, so a chain of decorators (telemetry,
   * retry, rate limit, fallback) adds no pass-through subscriber per layer. From then on the subscriber owns the
   * stream: it sets the demand and cancels through its subscription, and {@link #close()} on this object does nothing
   * (the decorator's own stream, which the caller holds, is the one to close).
   *
   * <pre>{@code
   * public ChatStream stream(ChatRequest request) {
   *   ChatStream inner = delegate().stream(request);
   *   return ChatStream.of(subscriber -> inner.handOver(new MyRelay(subscriber)));
   * }
   * }</pre>
   *
   * @param subscriber the subscriber that takes the stream over
   * @throws IllegalStateException if the stream was already iterated, published or handed over; a stream closed
   *     before it was handed over is handed over as one that fails at once with {@code CANCELLED}
   * @since 0.1.0
   */
  public void handOver(Flow.Subscriber<? super StreamEvent> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (state.compareAndSet(State.NEW, State.HANDED_OVER)) {
      source.subscribe(subscriber);
      return;
    }
    if (state.get() == State.CLOSED && closedUnread) {
      refuseClosed(subscriber, "the stream was closed before it was handed over");
      return;
    }
    throw new IllegalStateException("this stream was already consumed (" + state.get()
        + "); a ChatStream can be consumed once");
  }

  /**
   * Returns the stream as a publisher for one subscriber, which honours demand: no event is delivered before it is
   * requested, and no thread waits for bytes. Cancelling the subscription (or calling {@link #close()}) aborts the
   * request.
   *
   * @return the publisher
   * @throws IllegalStateException if the stream was already consumed
   * @since 0.1.0
   */
  public Flow.Publisher<StreamEvent> toPublisher() {
    if (!state.compareAndSet(State.NEW, State.PUBLISHED)) {
      throw new IllegalStateException("this stream was already consumed (" + state.get()
          + "); a ChatStream can be consumed once");
    }
    return subscriber -> {
      if (state.get() == State.CLOSED) {
        // Closed before anyone subscribed: send nothing, and tell the subscriber why it gets no events.
        refuseClosed(subscriber, "the stream was closed before it was subscribed to");
        return;
      }
      source.subscribe(new PublishedSubscriber(subscriber));
    };
  }

  /**
   * Returns the answer's text fragments as they arrive. Closing the returned stream closes this one.
   *
   * <pre>{@code
   * try (Stream<String> text = model.stream(request).textStream()) {
   *   text.forEach(System.out::print);
   * }
   * }</pre>
   *
   * @return the text fragments
   * @throws IllegalStateException if the stream was already handed out with {@link #toPublisher()}
   * @since 0.1.0
   */
  public Stream<String> textStream() {
    Iterator<StreamEvent> iterator = iterator();
    Iterator<String> text = new Iterator<>() {
      private String next;

      @Override
      public boolean hasNext() {
        while (next == null && iterator.hasNext()) {
          StreamEvent event = iterator.next();
          if (event instanceof StreamEvent.TextDelta) {
            next = ((StreamEvent.TextDelta) event).text();
          }
        }
        return next != null;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException("no more text");
        }
        String result = next;
        next = null;
        return result;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(text, Spliterator.ORDERED), false)
        .onClose(this::close);
  }

  /**
   * Reads the rest of the stream and returns the whole answer, equal to what {@code chat} returns for the same
   * answer. Events already taken from the iterator are included.
   *
   * @return the response
   * @throws LlmException if the stream fails, or with {@link ErrorCode#INVALID_RESPONSE} if it ends without the
   *     provider saying it finished (a truncated stream is never passed off as a whole one)
   * @throws IllegalStateException if the stream was already handed out with {@link #toPublisher()}
   * @since 0.1.0
   */
  public ChatResponse collect() {
    Iterator<StreamEvent> iterator = iterator();
    while (iterator.hasNext()) {
      iterator.next();
    }
    if (state.get() == State.CLOSED && !accumulator.isFinished()) {
      throw new LlmException(ErrorCode.CANCELLED, "the stream was closed before it finished");
    }
    if (!accumulator.isFinished()) {
      throw new LlmException(ErrorCode.INVALID_RESPONSE,
          "the stream ended without a finish event; the answer is incomplete");
    }
    return accumulator.toResponse();
  }

  /**
   * Returns what the iterator has taken so far, folded into a response: after a failure, this is the partial answer.
   * Its finish reason is {@code UNKNOWN} until the stream has finished.
   *
   * @return the response so far
   * @since 0.1.0
   */
  public ChatResponse responseSoFar() {
    return accumulator.toResponse();
  }

  /**
   * Cancels the request if it is still running and frees the connection. Safe to call at any time, from any thread,
   * more than once.
   *
   * @since 0.1.0
   */
  @Override
  public void close() {
    if (state.get() == State.HANDED_OVER) {
      // Handed over for good: the subscriber that took it owns the cancellation.
      return;
    }
    State previous = state.getAndSet(State.CLOSED);
    switch (previous) {
      case NEW:
        closedUnread = true;
        // Subscribe and cancel at once, so a source that holds anything releases it.
        source.subscribe(new CancellingSubscriber());
        break;
      case ITERATING:
        BlockingEventIterator<StreamEvent> current = events;
        if (current != null) {
          current.close();
        }
        break;
      case PUBLISHED:
        Flow.Subscription subscription = publishedSubscription;
        if (subscription != null) {
          subscription.cancel();
        }
        break;
      default:
        break;
    }
  }

  /** Tells a subscriber of a stream closed before it was used why it gets no events. */
  private static void refuseClosed(Flow.Subscriber<? super StreamEvent> subscriber, String message) {
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {}

      @Override
      public void cancel() {}
    });
    subscriber.onError(new LlmException(ErrorCode.CANCELLED, message));
  }

  private BlockingEventIterator<StreamEvent> openEvents() {
    if (state.compareAndSet(State.NEW, State.ITERATING)) {
      BlockingEventIterator<StreamEvent> iterator = new BlockingEventIterator<>();
      events = iterator;
      source.subscribe(iterator);
      return iterator;
    }
    State current = state.get();
    if (current == State.ITERATING || (current == State.CLOSED && events != null)) {
      return events;
    }
    if (current == State.CLOSED) {
      BlockingEventIterator<StreamEvent> empty = new BlockingEventIterator<>();
      empty.close();
      return empty;
    }
    throw new IllegalStateException("this stream was handed out with toPublisher(); a ChatStream can be consumed once");
  }

  /** Passes the source's signals on, and remembers the subscription so that {@link #close()} can cancel it. */
  private final class PublishedSubscriber implements Flow.Subscriber<StreamEvent> {
    private final Flow.Subscriber<? super StreamEvent> subscriber;

    private PublishedSubscriber(Flow.Subscriber<? super StreamEvent> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      publishedSubscription = subscription;
      subscriber.onSubscribe(subscription);
      // close() may have run before publishedSubscription was set, when it had nothing to cancel yet.
      if (state.get() == State.CLOSED) {
        subscription.cancel();
      }
    }

    @Override
    public void onNext(StreamEvent item) {
      subscriber.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      subscriber.onError(throwable);
    }

    @Override
    public void onComplete() {
      subscriber.onComplete();
    }
  }

  private final class AccumulatingIterator implements Iterator<StreamEvent> {
    private final BlockingEventIterator<StreamEvent> delegate;

    private AccumulatingIterator(BlockingEventIterator<StreamEvent> delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean hasNext() {
      return delegate.hasNext();
    }

    @Override
    public StreamEvent next() {
      StreamEvent event = delegate.next();
      accumulator.accept(event);
      return event;
    }
  }

  private static final class CancellingSubscriber implements Flow.Subscriber<StreamEvent> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
    }

    @Override
    public void onNext(StreamEvent item) {}

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }
}
