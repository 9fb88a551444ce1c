package ai.beluga.llms.testkit;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.LlmOption;
import ai.beluga.llms.middleware.ForwardingChatModel;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the contract suite against the {@code mock} provider, bare and behind a pass-through middleware (which checks
 * that {@link ForwardingChatModel} forwards every call shape without breaking the contract).
 */
class MockChatModelContractTest extends ChatModelContractTest {

  @Override
  protected List<ContractTarget> targets() {
    return List.of(
        new MockContractTarget(),
        new MockContractTarget("mock behind ForwardingChatModel", LlmOption.middleware(PassThrough::new)));
  }

  @Override
  @ParameterizedTest
  @MethodSource("contractTargets")
  @Disabled("bug: ChatStream.close() on an unread stream subscribes a cancelling subscriber, and"
      + " MockStreamPublisher.subscribe() takes the scripted reply and records the request before that subscriber"
      + " can cancel; closing an unread mock stream therefore counts as a request and uses up a reply."
      + " Fixed on main by 63697ed (MockStreamPublisher checks for cancellation before planning); drop this"
      + " override once this branch has main")
  public void closingAnUnreadStreamSendsNoRequest(ContractTarget target) throws InterruptedException {
    super.closingAnUnreadStreamSendsNoRequest(target);
  }

  /** Middleware that adds nothing. */
  private static final class PassThrough extends ForwardingChatModel {
    PassThrough(ChatModel delegate) {
      super(delegate);
    }
  }
}
