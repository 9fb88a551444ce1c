package ai.beluga.llms.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.errors.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderSettingsTest {

  @Test
  void typedGettersReadWellFormedValues() {
    ProviderSettings settings = ProviderSettings.of(Map.of("model", "  gpt-x  ", "maxRetries", "3",
        "temperature", "0.7", "baseUrl", "https://api.example.com/v1", "empty", "   "));

    assertThat(settings.string("model")).contains("gpt-x");
    assertThat(settings.integer("maxRetries")).hasValue(3);
    assertThat(settings.decimal("temperature")).hasValue(0.7);
    assertThat(settings.uri("baseUrl")).contains(URI.create("https://api.example.com/v1"));
    assertThat(settings.string("empty")).isEmpty();
    assertThat(settings.string("missing")).isEmpty();
    assertThat(settings.integer("missing")).isEmpty();
    assertThat(settings.decimal("empty")).isEmpty();
    assertThat(settings.duration("missing")).isEmpty();
    assertThat(settings.secret("missing")).isEmpty();
    assertThat(settings.asMap()).containsEntry("maxRetries", "3");
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.argumentSet("30s", "30s", Duration.ofSeconds(30)),
        Arguments.argumentSet("500ms", "500ms", Duration.ofMillis(500)),
        Arguments.argumentSet("2m", "2m", Duration.ofMinutes(2)),
        Arguments.argumentSet("1h", "1h", Duration.ofHours(1)),
        Arguments.argumentSet("PT1S", "PT1S", Duration.ofSeconds(1)),
        Arguments.argumentSet("lower-case pt1m30s", "pt1m30s", Duration.ofSeconds(90)),
        Arguments.argumentSet("upper-case unit 10S", "10S", Duration.ofSeconds(10)),
        Arguments.argumentSet("space before the unit", "15 s", Duration.ofSeconds(15)));
  }

  @ParameterizedTest
  @MethodSource("durations")
  void durationReadsTheUsualForms(String text, Duration expected) {
    assertThat(ProviderSettings.of(Map.of("timeout", text)).duration("timeout")).contains(expected);
  }

  static Stream<Arguments> malformed() {
    Consumer<ProviderSettings> integer = s -> s.integer("value");
    Consumer<ProviderSettings> decimal = s -> s.decimal("value");
    Consumer<ProviderSettings> duration = s -> s.duration("value");
    Consumer<ProviderSettings> uri = s -> s.uri("value");
    return Stream.of(
        Arguments.argumentSet("integer with letters", "12x", integer, "integer"),
        Arguments.argumentSet("integer too large", "99999999999", integer, "integer"),
        Arguments.argumentSet("decimal as a word", "warm", decimal, "number"),
        Arguments.argumentSet("duration without a unit", "30", duration, "duration"),
        Arguments.argumentSet("duration with an unknown unit", "3d", duration, "duration"),
        Arguments.argumentSet("duration as a word", "soon", duration, "duration"),
        Arguments.argumentSet("ISO duration malformed", "PTxS", duration, "duration"),
        Arguments.argumentSet("only a unit", "ms", duration, "duration"),
        Arguments.argumentSet("URI with a space", "https://api example.com", uri, "URI"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void aMalformedValueIsInvalidConfigNamingTheKey(String value, Consumer<ProviderSettings> read, String expected) {
    ProviderSettings settings = ProviderSettings.of(Map.of("value", value));

    assertThatThrownBy(() -> read.accept(settings)).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
      assertThat(e.violations()).singleElement().satisfies(v -> {
        assertThat(v.field()).isEqualTo("value");
        assertThat(v.message()).contains(expected);
      });
      assertThat(e.getMessage()).contains("value");
    });
  }

  @Test
  void theSettingsAreACopy() {
    java.util.HashMap<String, String> source = new java.util.HashMap<>(Map.of("model", "a"));
    ProviderSettings settings = ProviderSettings.of(source);

    source.put("model", "b");

    assertThat(settings.string("model")).contains("a");
    assertThatThrownBy(() -> settings.asMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }
}
