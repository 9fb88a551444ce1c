package ai.beluga.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FinishReasonTest {

  @ParameterizedTest
  @CsvSource({
      "STOP, stop",
      "LENGTH, length",
      "TOOL_CALLS, tool_calls",
      "CONTENT_FILTER, content_filter",
      "ERROR, error",
      "OTHER, other",
      "UNKNOWN, unknown"})
  void namesEachReasonInLowerCase(FinishReason reason, String expected) {
    assertThat(reason.lowerCaseName()).isEqualTo(expected);
  }
}
