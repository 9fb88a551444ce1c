package ai.beluga.llms.testkit;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.middleware.ForwardingChatModel;
import java.util.List;

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

  /** Middleware that adds nothing. */
  private static final class PassThrough extends ForwardingChatModel {
    PassThrough(ChatModel delegate) {
      super(delegate);
    }
  }
}
