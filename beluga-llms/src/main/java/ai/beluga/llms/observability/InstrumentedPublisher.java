package ai.beluga.llms.observability;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Flow;

/**
 * A provider's stream, observed: subscribing starts the call's span (the request is sent then, with the span current)
 * and every signal passes through a {@link CallObservation}, which times the first chunk and the chunks after it,
 * gathers usage, ids and the finish reason, and ends the span exactly once: when the stream completes, fails, or is
 * cancelled (closed or unsubscribed) before its end. Cold and single-subscriber, like the stream it wraps.
 */
final class InstrumentedPublisher implements Flow.Publisher<StreamEvent> {
  private final ChatStream inner;
  private final Telemetry telemetry;
  private final ChatModel model;
  private final ChatRequest request;

  InstrumentedPublisher(ChatStream inner, Telemetry telemetry, ChatModel model, ChatRequest request) {
    this.inner = inner;
    this.telemetry = telemetry;
    this.model = model;
    this.request = request;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super StreamEvent> subscriber) {
    CallObservation call = CallObservation.start(telemetry, model, request, true);
    // The request is sent on subscription: with the span current, the engine sees the call's hook and retry
    // middleware sees the call's retry listener. The inner stream is taken over, with no pass-through between.
    try (Scope ignored = call.makeCurrent()) {
      inner.handOver(new Observing(subscriber, call));
    } catch (RuntimeException e) {
      call.failed(e);
      throw e;
    }
  }

  private static final class Observing implements Flow.Subscriber<StreamEvent> {
    private final Flow.Subscriber<? super StreamEvent> downstream;
    private final CallObservation call;

    private Observing(Flow.Subscriber<? super StreamEvent> downstream, CallObservation call) {
      this.downstream = downstream;
      this.call = call;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      downstream.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          subscription.request(n);
        }

        @Override
        public void cancel() {
          // A no-op once the stream has ended: the observation ends once.
          call.cancelled();
          subscription.cancel();
        }
      });
    }

    @Override
    public void onNext(StreamEvent item) {
      call.onEvent(item);
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      call.failed(throwable);
      downstream.onError(throwable);
    }

    @Override
    public void onComplete() {
      call.completed();
      downstream.onComplete();
    }
  }
}
