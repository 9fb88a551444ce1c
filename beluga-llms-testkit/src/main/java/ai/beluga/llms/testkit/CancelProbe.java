package ai.beluga.llms.testkit;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.middleware.ForwardingChatModel;
import ai.beluga.llms.middleware.Middleware;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The innermost middleware of {@link MockContractTarget}'s models: it relays the provider's stream unchanged and
 * records whether a cancellation reached the provider's own subscription. Its stream's emitter going quiet alone
 * proves nothing, since a stream that nobody requests more from goes quiet too.
 */
final class CancelProbe implements Middleware {
  private final AtomicBoolean cancelled = new AtomicBoolean();

  boolean cancelReachedProvider() {
    return cancelled.get();
  }

  @Override
  public ChatModel wrap(ChatModel next) {
    return new ForwardingChatModel(next) {
      @Override
      public ChatStream stream(ChatRequest request) {
        // toPublisher() only hands the stream out; nothing is sent before the relay is subscribed to.
        Flow.Publisher<StreamEvent> source = delegate().stream(request).toPublisher();
        return ChatStream.of(subscriber -> source.subscribe(new Relay(subscriber)));
      }
    };
  }

  private final class Relay implements Flow.Subscriber<StreamEvent> {
    private final Flow.Subscriber<? super StreamEvent> downstream;

    private Relay(Flow.Subscriber<? super StreamEvent> downstream) {
      this.downstream = downstream;
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
          cancelled.set(true);
          subscription.cancel();
        }
      });
    }

    @Override
    public void onNext(StreamEvent item) {
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      downstream.onError(throwable);
    }

    @Override
    public void onComplete() {
      downstream.onComplete();
    }
  }
}
