package ai.beluga.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReasoningTest {

  @Test
  void readableBlockIsNotRedacted() {
    Reasoning reasoning = Reasoning.of("Paris is the capital.");

    assertThat(reasoning.text()).isEqualTo("Paris is the capital.");
    assertThat(reasoning.signature()).isEmpty();
    assertThat(reasoning.isRedacted()).isFalse();
  }

  @Test
  void redactedBlockHasNoTextButKeepsItsData() {
    Reasoning reasoning = Reasoning.redacted("EqQBCgIYAh");

    assertThat(reasoning.text()).isEmpty();
    assertThat(reasoning.redactedData()).contains("EqQBCgIYAh");
    assertThat(reasoning.isRedacted()).isTrue();
  }

  @Test
  void keepsTheSignature() {
    Reasoning reasoning = new Reasoning("step", Optional.of("sig"), Optional.empty());

    assertThat(reasoning.signature()).contains("sig");
    assertThat(reasoning.isRedacted()).isFalse();
  }
}
