package ai.beluga.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseFormatTest {
  private static final JsonSchema SCHEMA = JsonSchema.of("{\"type\":\"object\"}");

  @Test
  void sharesTheTextAndJsonFormats() {
    assertThat(ResponseFormat.text()).isSameAs(ResponseFormat.text()).isEqualTo(new ResponseFormat.Text());
    assertThat(ResponseFormat.json()).isSameAs(ResponseFormat.json()).isEqualTo(new ResponseFormat.Json());
  }

  @Test
  void isStrictForASchema() {
    ResponseFormat.JsonSchemaFormat format = ResponseFormat.jsonSchema("answer", SCHEMA);

    assertThat(format.name()).isEqualTo("answer");
    assertThat(format.schema()).isEqualTo(SCHEMA);
    assertThat(format.strict()).isTrue();
  }

  static Stream<Arguments> goodNames() {
    return Stream.of(
        argumentSet("word", "answer"),
        argumentSet("snake and kebab with digits", "city_info-v2"),
        argumentSet("64 characters", "n".repeat(64)));
  }

  @ParameterizedTest
  @MethodSource("goodNames")
  void acceptsNamesEveryProviderAccepts(String name) {
    assertThat(ResponseFormat.jsonSchema(name, SCHEMA).name()).isEqualTo(name);
  }

  static Stream<Arguments> badNames() {
    return Stream.of(
        argumentSet("empty", ""),
        argumentSet("65 characters", "n".repeat(65)),
        argumentSet("space", "city answer"),
        argumentSet("slash", "city/answer"));
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void rejectsNamesSomeProviderRejectsSayingHowToFix(String name) {
    assertThatThrownBy(() -> ResponseFormat.jsonSchema(name, SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("response format name '" + name + "'")
        .hasMessageContaining("use 1 to 64 letters, digits, '_' or '-'");
  }

  @Test
  void requiresNameAndSchema() {
    assertThatThrownBy(() -> ResponseFormat.jsonSchema(null, SCHEMA)).isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> ResponseFormat.jsonSchema("answer", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("schema");
  }
}
