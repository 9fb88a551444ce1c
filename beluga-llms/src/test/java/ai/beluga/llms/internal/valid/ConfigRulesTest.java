package ai.beluga.llms.internal.valid;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.providers.anthropic.AnthropicConfig;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.openai.OpenAiConfig;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each provider config's constraints sit on a record of this package (so that avaje's generated validators stay out of
 * the exported packages); a component added to a config must be added to its rules record, in the same order, or be
 * listed here as checked by the config itself.
 */
class ConfigRulesTest {

  @Test
  void openAiRulesCoverEveryComponentButTheKey() {
    assertThat(names(OpenAiConfigRules.class)).isEqualTo(without(names(OpenAiConfig.class), "apiKey"));
  }

  @Test
  void anthropicRulesCoverEveryComponent() {
    assertThat(names(AnthropicConfigRules.class)).isEqualTo(names(AnthropicConfig.class));
  }

  @Test
  void mockRulesCoverEveryComponent() {
    assertThat(names(MockConfigRules.class)).isEqualTo(names(MockConfig.class));
  }

  @Test
  void everyGeneratedValidatorSitsInThisPackage() throws ClassNotFoundException {
    for (String rules : List.of("OpenAiConfigRules", "AnthropicConfigRules", "MockConfigRules")) {
      Class.forName(ConfigRulesTest.class.getPackageName() + "." + rules + "ValidationAdapter");
    }
    Class.forName(ConfigRulesTest.class.getPackageName() + ".GeneratedValidatorComponent");
  }

  private static List<String> names(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
  }

  private static List<String> without(List<String> names, String left) {
    return names.stream().filter(name -> !name.equals(left)).toList();
  }
}
