package ai.beluga.llms.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryAfterTest {
  /** Wed, 21 Oct 2015 07:28:00 GMT, the example date in RFC 9110. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

  static Stream<Arguments> retryHeaders() {
    return Stream.of(
        Arguments.argumentSet("Retry-After: 2", headers("Retry-After", "2"), Optional.of(Duration.ofSeconds(2))),
        Arguments.argumentSet("Retry-After: 0", headers("Retry-After", "0"), Optional.of(Duration.ZERO)),
        Arguments.argumentSet("fractional seconds", headers("retry-after", "1.5"),
            Optional.of(Duration.ofMillis(1500))),
        Arguments.argumentSet("padded with spaces", headers("retry-after", " 3 "), Optional.of(Duration.ofSeconds(3))),
        Arguments.argumentSet("an HTTP date 90 s ahead", headers("Retry-After", "Wed, 21 Oct 2015 07:29:30 GMT"),
            Optional.of(Duration.ofSeconds(90))),
        Arguments.argumentSet("an HTTP date in the past means now", headers("Retry-After",
            "Wed, 21 Oct 2015 07:00:00 GMT"), Optional.of(Duration.ZERO)),
        Arguments.argumentSet("retry-after-ms alone", headers("retry-after-ms", "250"),
            Optional.of(Duration.ofMillis(250))),
        Arguments.argumentSet("retry-after-ms wins over Retry-After", headers("Retry-After", "20",
            "retry-after-ms", "1500"), Optional.of(Duration.ofMillis(1500))),
        Arguments.argumentSet("fractional retry-after-ms", headers("retry-after-ms", "12.5"),
            Optional.of(Duration.ofNanos(12_500_000))),
        Arguments.argumentSet("malformed retry-after-ms falls back to Retry-After", headers("retry-after-ms", "soon",
            "Retry-After", "4"), Optional.of(Duration.ofSeconds(4))),
        Arguments.argumentSet("malformed word", headers("Retry-After", "later"), Optional.empty()),
        Arguments.argumentSet("negative seconds", headers("Retry-After", "-5"), Optional.empty()),
        Arguments.argumentSet("two dots", headers("Retry-After", "1.2.3"), Optional.empty()),
        Arguments.argumentSet("a lone dot", headers("Retry-After", "."), Optional.empty()),
        Arguments.argumentSet("empty value", headers("Retry-After", ""), Optional.empty()),
        Arguments.argumentSet("a date in the wrong format", headers("Retry-After", "2015-10-21T07:29:30Z"),
            Optional.empty()),
        Arguments.argumentSet("no header at all", headers(), Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("retryHeaders")
  void fromHeadersReadsTheWait(HttpHeaders headers, Optional<Duration> expected) {
    assertThat(RetryAfter.fromHeaders(headers, CLOCK)).isEqualTo(expected);
  }

  static Stream<Arguments> protoDurations() {
    return Stream.of(
        Arguments.argumentSet("Gemini 1.5s", "1.5s", Optional.of(Duration.ofMillis(1500))),
        Arguments.argumentSet("whole seconds", "30s", Optional.of(Duration.ofSeconds(30))),
        Arguments.argumentSet("nanosecond precision", "0.000000001s", Optional.of(Duration.ofNanos(1))),
        Arguments.argumentSet("no unit", "15", Optional.empty()),
        Arguments.argumentSet("minutes are not proto", "2m", Optional.empty()),
        Arguments.argumentSet("unit only", "s", Optional.empty()),
        Arguments.argumentSet("garbage", "abcs", Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("protoDurations")
  void parseProtoDurationReadsGeminisRetryDelay(String value, Optional<Duration> expected) {
    assertThat(RetryAfter.parseProtoDuration(value)).isEqualTo(expected);
  }

  static HttpHeaders headers(String... pairs) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], List.of(pairs[i + 1]));
    }
    return HttpHeaders.of(map, (name, value) -> true);
  }
}
