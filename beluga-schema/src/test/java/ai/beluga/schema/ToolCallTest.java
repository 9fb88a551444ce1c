package ai.beluga.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ToolCallTest {
  // Identifier characters only, so that a parser reads it as one long token.
  private static final String SECRET = "s3cr3t_" + "x".repeat(300);

  record WeatherQuery(String city, int days) {}

  enum Unit { CELSIUS, FAHRENHEIT }

  record Forecast(String city, Unit unit, List<Integer> hours, Optional<String> note) {}

  @Test
  void readsValidArgumentsAsTree() {
    JsonNode tree = ToolCall.of("call_1", "get_weather", "{\"city\":\"Paris\",\"days\":3}").argumentsJson();

    assertThat(tree.get("city").asString()).isEqualTo("Paris");
    assertThat(tree.get("days").asInt()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t "})
  void readsBlankArgumentsAsEmptyObject(String arguments) {
    JsonNode tree = ToolCall.of("call_1", "now", arguments).argumentsJson();

    assertThat(tree.isObject()).isTrue();
    assertThat(tree.size()).isZero();
  }

  @Test
  void returnsAFreshTreeOnEveryCall() {
    ToolCall call = ToolCall.of("call_1", "get_weather", "{\"city\":\"Paris\"}");
    ((ObjectNode) call.argumentsJson()).put("city", "Rome");

    assertThat(call.argumentsJson().get("city").asString()).isEqualTo("Paris");
  }

  static Stream<Arguments> invalidJson() {
    return Stream.of(
        argumentSet("unquoted value", "{\"city\": " + SECRET + "}"),
        argumentSet("bare word", SECRET),
        argumentSet("unterminated string", "{\"city\": \"" + SECRET),
        argumentSet("unquoted property name", "{" + SECRET + ": 1}"),
        argumentSet("truncated object", "{\"city\": \"Paris\""),
        argumentSet("trailing garbage", "{\"city\": \"Paris\"} " + SECRET));
  }

  @ParameterizedTest
  @MethodSource("invalidJson")
  void rejectsInvalidJsonNamingToolAndIdButNotThePayload(String arguments) {
    ToolCall call = ToolCall.of("call_42", "get_weather", arguments);

    assertThatThrownBy(call::argumentsJson)
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("'get_weather'")
        .hasMessageContaining("call_42")
        .hasMessageContaining("not valid JSON")
        .hasMessageNotContaining(arguments)
        .hasMessageNotContaining("x".repeat(40))
        .hasCauseInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> call.argumentsAs(WeatherQuery.class))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("'get_weather'");
  }

  static Stream<Arguments> nonObjects() {
    return Stream.of(
        argumentSet("null", "null", "NULL"),
        argumentSet("array", "[\"Paris\"]", "ARRAY"),
        argumentSet("string", "\"Paris\"", "STRING"),
        argumentSet("number", "42", "NUMBER"));
  }

  @ParameterizedTest
  @MethodSource("nonObjects")
  void rejectsArgumentsThatAreNotAnObject(String arguments, String nodeType) {
    ToolCall call = ToolCall.of("call_1", "get_weather", arguments);

    assertThatThrownBy(call::argumentsJson)
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("'get_weather'")
        .hasMessageContaining("must be a JSON object")
        .hasMessageContaining(nodeType);
    // Binding "null" used to return null rather than fail.
    assertThatThrownBy(() -> call.argumentsAs(WeatherQuery.class)).isInstanceOf(SchemaException.class);
  }

  @Test
  void bindsArgumentsIntoARecord() {
    ToolCall call = ToolCall.of("call_1", "forecast",
        "{\"city\":\"Oslo\",\"unit\":\"CELSIUS\",\"hours\":[6,12],\"note\":null}");

    assertThat(call.argumentsAs(Forecast.class))
        .isEqualTo(new Forecast("Oslo", Unit.CELSIUS, List.of(6, 12), Optional.empty()));
  }

  @Test
  void ignoresUnknownProperties() {
    ToolCall call = ToolCall.of("call_1", "get_weather", "{\"city\":\"Paris\",\"days\":2,\"mood\":\"sunny\"}");

    assertThat(call.argumentsAs(WeatherQuery.class)).isEqualTo(new WeatherQuery("Paris", 2));
  }

  static Stream<Arguments> mismatches() {
    return Stream.of(
        argumentSet("string for int", "{\"city\":\"Paris\",\"days\":\"" + SECRET + "\"}", WeatherQuery.class, "/days"),
        argumentSet("object for string", "{\"city\":{\"name\":\"" + SECRET + "\"}}", WeatherQuery.class, "/city"),
        argumentSet("unknown enum constant", "{\"unit\":\"" + SECRET + "\"}", Forecast.class, "/unit"),
        argumentSet("string in int list", "{\"hours\":[6,\"" + SECRET + "\"]}", Forecast.class, "/hours/1"));
  }

  @ParameterizedTest
  @MethodSource("mismatches")
  void rejectsArgumentsThatDoNotFitTheTypeNamingTheTypeButNotTheValue(
      String arguments, Class<?> type, String where) {
    ToolCall call = ToolCall.of("call_7", "forecast", arguments);

    assertThatThrownBy(() -> call.argumentsAs(type))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("'forecast'")
        .hasMessageContaining("call_7")
        .hasMessageContaining(type.getName())
        .hasMessageContaining(where)
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void keepsTheRawArgumentsText() {
    String raw = "{ \"city\" : \"Paris\" }";

    assertThat(ToolCall.of("call_1", "get_weather", raw).arguments()).isSameAs(raw);
  }

  @Test
  void requiresEveryPart() {
    assertThatThrownBy(() -> ToolCall.of(null, "t", "{}")).isInstanceOf(NullPointerException.class)
        .hasMessage("id");
    assertThatThrownBy(() -> ToolCall.of("id", null, "{}")).isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> ToolCall.of("id", "t", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("arguments");
    assertThatThrownBy(() -> ToolCall.of("id", "t", "{}").argumentsAs(null))
        .isInstanceOf(NullPointerException.class);
  }
}
