package ai.beluga.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class JsonSchemaTest {

  enum Unit { CELSIUS, FAHRENHEIT }

  enum Level {
    @JsonProperty("low") LOW,
    @JsonProperty("high") HIGH
  }

  record Place(String name, double latitude) {}

  // Component names deliberately out of alphabetical order.
  record Everything(
      String zone,
      int count,
      double ratio,
      boolean enabled,
      Unit unit,
      List<String> tags,
      Place place,
      Optional<String> note,
      Map<String, Integer> scores) {}

  record Category(String name, List<Category> children) {}

  record Catalog(String title, Category root) {}

  @JsonClassDescription("A person to greet")
  record Person(
      @JsonProperty("full_name") @JsonPropertyDescription("The person's full name, as written on the passport")
      String fullName,
      @JsonPropertyDescription("Age in whole years") int age,
      @JsonIgnore String internalId,
      Level level) {}

  @Test
  void generatesAStrictObjectSchemaFromARecord() {
    JsonNode schema = JsonSchema.from(Everything.class).toJsonNode();

    assertThat(schema.get("type").asString()).isEqualTo("object");
    assertThat(schema.get("additionalProperties").isBoolean()).isTrue();
    assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    assertThat(schema.has("$schema")).isFalse();
    assertThat(names(schema.get("required")))
        .containsExactly("zone", "count", "ratio", "enabled", "unit", "tags", "place", "note", "scores");
  }

  @Test
  void keepsRecordComponentsInDeclarationOrder() {
    JsonNode schema = JsonSchema.from(Everything.class).toJsonNode();

    assertThat(schema.get("properties").propertyNames())
        .containsExactly("zone", "count", "ratio", "enabled", "unit", "tags", "place", "note", "scores");
    assertThat(schema.at("/properties/place/properties").propertyNames()).containsExactly("name", "latitude");
  }

  static Stream<Arguments> propertyTypes() {
    return Stream.of(
        argumentSet("String", "zone", "{\"type\":\"string\"}"),
        argumentSet("int", "count", "{\"type\":\"integer\"}"),
        argumentSet("double", "ratio", "{\"type\":\"number\"}"),
        argumentSet("boolean", "enabled", "{\"type\":\"boolean\"}"),
        argumentSet("enum", "unit", "{\"type\":\"string\",\"enum\":[\"CELSIUS\",\"FAHRENHEIT\"]}"),
        argumentSet("List<String>", "tags", "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"),
        argumentSet("Optional<String> is nullable", "note", "{\"type\":[\"string\",\"null\"]}"),
        argumentSet("Map<String,Integer> describes its values", "scores",
            "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}"),
        argumentSet("nested record", "place",
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"latitude\":{\"type\":\"number\"}},"
                + "\"required\":[\"name\",\"latitude\"],\"additionalProperties\":false}"));
  }

  @ParameterizedTest
  @MethodSource("propertyTypes")
  void describesEachPropertyType(String property, String expected) {
    JsonNode schema = JsonSchema.from(Everything.class).toJsonNode();

    assertThat(schema.get("properties").get(property)).isEqualTo(SchemaJson.MAPPER.readTree(expected));
  }

  @Test
  void describesARecursiveTypeWithReferences() {
    JsonNode self = JsonSchema.from(Category.class).toJsonNode();
    JsonNode nested = JsonSchema.from(Catalog.class).toJsonNode();

    assertThat(self.at("/properties/children/items/$ref").asString()).isEqualTo("#");
    assertThat(nested.at("/properties/root/$ref").asString()).isEqualTo("#/$defs/Category");
    assertThat(nested.at("/$defs/Category/properties/children/items/$ref").asString())
        .isEqualTo("#/$defs/Category");
    assertThat(names(nested.at("/$defs/Category/required"))).containsExactly("name", "children");
  }

  @Test
  void honoursJacksonAnnotations() {
    JsonNode schema = JsonSchema.from(Person.class).toJsonNode();

    assertThat(schema.get("description").asString()).isEqualTo("A person to greet");
    assertThat(schema.get("properties").propertyNames()).containsExactly("full_name", "age", "level");
    assertThat(names(schema.get("required"))).containsExactly("full_name", "age", "level");
    assertThat(schema.at("/properties/full_name/description").asString())
        .isEqualTo("The person's full name, as written on the passport");
    assertThat(schema.at("/properties/age/description").asString()).isEqualTo("Age in whole years");
    assertThat(names(schema.at("/properties/level/enum"))).containsExactly("low", "high");
  }

  @Test
  void generatesASchemaThatArgumentsBindBackTo() {
    // What the model sends following the schema must bind with argumentsAs.
    ToolCall call = ToolCall.of("call_1", "greet", "{\"full_name\":\"Ada Lovelace\",\"age\":36,\"level\":\"high\"}");

    assertThat(call.argumentsAs(Person.class)).isEqualTo(new Person("Ada Lovelace", 36, null, Level.HIGH));
  }

  @Test
  void requiresAType() {
    assertThatThrownBy(() -> JsonSchema.from(null)).isInstanceOf(NullPointerException.class).hasMessage("type");
  }

  @Test
  void parsesJsonText() {
    JsonSchema schema = JsonSchema.of("{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}");

    assertThat(schema.type()).contains("object");
    assertThat(schema.toJsonNode().at("/properties/city/type").asString()).isEqualTo("string");
  }

  static Stream<Arguments> notObjects() {
    return Stream.of(
        argumentSet("array", "[{\"type\":\"object\"}]", "got ARRAY"),
        argumentSet("string", "\"object\"", "got STRING"),
        argumentSet("boolean schema", "true", "got BOOLEAN"),
        argumentSet("null", "null", "got NULL"),
        argumentSet("empty text", "", "empty"),
        argumentSet("blank text", "  \n", "empty"),
        argumentSet("invalid JSON", "{\"type\": object}", "not valid JSON"),
        argumentSet("truncated JSON", "{\"type\": \"object\"", "not valid JSON"),
        argumentSet("trailing text", "{\"type\": \"object\"} extra", "not valid JSON"));
  }

  @ParameterizedTest
  @MethodSource("notObjects")
  void rejectsTextThatIsNotAJsonObject(String json, String reason) {
    assertThatThrownBy(() -> JsonSchema.of(json))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining(reason)
        .hasMessageContaining("{\"type\":");
  }

  @Test
  void rejectsATreeThatIsNotAnObject() {
    ArrayNode array = SchemaJson.MAPPER.createArrayNode();

    assertThatThrownBy(() -> JsonSchema.of(array))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("must be a JSON object, got ARRAY");
  }

  @Test
  void isNotChangedByMutatingTheTreeItReturns() {
    JsonSchema schema = JsonSchema.of("{\"type\":\"object\"}");
    ObjectNode copy = (ObjectNode) schema.toJsonNode();
    copy.put("type", "string");
    copy.putObject("properties");

    assertThat(schema.type()).contains("object");
    assertThat(schema.toJsonNode().has("properties")).isFalse();
    assertThat(schema.json()).isEqualTo("{\"type\":\"object\"}");
  }

  @Test
  void isNotChangedByMutatingTheTreeItWasBuiltFrom() {
    ObjectNode tree = SchemaJson.MAPPER.createObjectNode();
    tree.put("type", "object");
    tree.putObject("properties").putObject("city").put("type", "string");
    JsonSchema schema = JsonSchema.of(tree);
    String before = schema.json();

    tree.put("type", "array");
    ((ObjectNode) tree.get("properties").get("city")).put("type", "integer");

    assertThat(schema.json()).isEqualTo(before);
    assertThat(schema.toJsonNode().at("/properties/city/type").asString()).isEqualTo("string");
  }

  @Test
  void isEqualByValue() {
    JsonSchema a = JsonSchema.of("{\"type\":\"object\",\"required\":[\"city\"]}");
    JsonSchema b = JsonSchema.of("{ \"type\" : \"object\",\n \"required\" : [ \"city\" ] }");
    JsonSchema sameKeysOtherOrder = JsonSchema.of("{\"required\":[\"city\"],\"type\":\"object\"}");
    JsonSchema other = JsonSchema.of("{\"type\":\"object\",\"required\":[\"town\"]}");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isEqualTo(sameKeysOtherOrder).hasSameHashCodeAs(sameKeysOtherOrder);
    assertThat(a).isNotEqualTo(other);
    assertThat(JsonSchema.from(Place.class)).isEqualTo(JsonSchema.from(Place.class));
  }

  @Test
  void writesCompactJson() {
    JsonSchema schema = JsonSchema.of("{\n  \"type\" : \"object\",\n  \"properties\" : { }\n}");

    assertThat(schema.json()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
    assertThat(schema).hasToString(schema.json());
    assertThat(JsonSchema.from(Everything.class).json()).doesNotContain("\n", ": ", ", ");
  }

  @Test
  void readsTypeOnlyWhenItIsASingleString() {
    assertThat(JsonSchema.of("{\"type\":\"object\"}").type()).contains("object");
    assertThat(JsonSchema.of("{\"type\":[\"string\",\"null\"]}").type()).isEmpty();
    assertThat(JsonSchema.of("{}").type()).isEmpty();
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(node -> names.add(node.asString()));
    return names;
  }
}
