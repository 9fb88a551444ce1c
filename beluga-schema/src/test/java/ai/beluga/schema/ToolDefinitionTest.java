package ai.beluga.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ToolDefinitionTest {
  private static final JsonSchema PARAMETERS = JsonSchema.of("{\"type\":\"object\"}");

  record WeatherQuery(String city) {}

  static Stream<Arguments> goodNames() {
    return Stream.of(
        argumentSet("snake case", "get_weather"),
        argumentSet("kebab case", "get-weather"),
        argumentSet("camel case with digits", "getWeather2"),
        argumentSet("one character", "x"),
        argumentSet("64 characters", "a".repeat(64)));
  }

  @ParameterizedTest
  @MethodSource("goodNames")
  void acceptsNamesEveryProviderAccepts(String name) {
    assertThat(ToolDefinition.of(name, "", PARAMETERS).name()).isEqualTo(name);
  }

  static Stream<Arguments> badNames() {
    return Stream.of(
        argumentSet("empty", ""),
        argumentSet("65 characters", "a".repeat(65)),
        argumentSet("space", "get weather"),
        argumentSet("dot", "weather.get"),
        argumentSet("non-ASCII letter", "météo"),
        argumentSet("trailing newline", "get_weather\n"));
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void rejectsNamesSomeProviderRejectsSayingHowToFix(String name) {
    assertThatThrownBy(() -> ToolDefinition.of(name, "", PARAMETERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tool name '" + name + "'")
        .hasMessageContaining("use 1 to 64 letters, digits, '_' or '-'");
  }

  @Test
  void isNotStrictUnlessAsked() {
    ToolDefinition tool = ToolDefinition.of("get_weather", "Current weather", PARAMETERS);

    assertThat(tool.strict()).isFalse();
    assertThat(tool.withStrict(true).strict()).isTrue();
    assertThat(tool.withStrict(true)).isEqualTo(new ToolDefinition("get_weather", "Current weather", PARAMETERS,
        true));
  }

  @Test
  void generatesParametersFromAType() {
    ToolDefinition tool = ToolDefinition.of("get_weather", "Current weather", WeatherQuery.class);

    assertThat(tool.parameters()).isEqualTo(JsonSchema.from(WeatherQuery.class));
    assertThat(tool.parameters().toJsonNode().at("/properties/city/type").asString()).isEqualTo("string");
  }

  @Test
  void requiresEveryPart() {
    assertThatThrownBy(() -> ToolDefinition.of(null, "", PARAMETERS)).isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> ToolDefinition.of("t", null, PARAMETERS)).isInstanceOf(NullPointerException.class)
        .hasMessage("description");
    assertThatThrownBy(() -> ToolDefinition.of("t", "", (JsonSchema) null))
        .isInstanceOf(NullPointerException.class).hasMessage("parameters");
  }
}
