package ai.beluga.llms.errors;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a provider's "wait before retrying" hint from response headers or a duration string.
 *
 * <p>Understood, in order of precedence: {@code retry-after-ms} (milliseconds, sent by OpenAI and Azure),
 * {@code Retry-After} as delta-seconds (possibly fractional) or as an HTTP date (RFC 9110 section 10.2.3), and
 * protobuf-style durations such as {@code "1.5s"} as Gemini puts in {@code RetryInfo.retryDelay}. A malformed or
 * negative value is ignored: a hint must never turn a response into a failure of its own.
 *
 * @since 0.1.0
 */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Reads the wait from response headers.
   *
   * @param headers the response headers
   * @param clock the clock an HTTP date is measured against
   * @return the wait, or empty when the headers carry none or only a malformed one
   * @since 0.1.0
   */
  public static Optional<Duration> fromHeaders(HttpHeaders headers, Clock clock) {
    Optional<String> millis = headers.firstValue("retry-after-ms");
    if (millis.isPresent()) {
      Optional<Duration> parsed = parseSeconds(millis.get(), 1_000);
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    return headers.firstValue("retry-after").flatMap(value -> parseRetryAfter(value, clock));
  }

  /**
   * Parses a {@code Retry-After} value: delta-seconds or an HTTP date.
   *
   * @param value the header value
   * @param clock the clock an HTTP date is measured against
   * @return the wait (zero for a date in the past), or empty when malformed
   * @since 0.1.0
   */
  public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    String trimmed = value.trim();
    Optional<Duration> seconds = parseSeconds(trimmed, 1);
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a protobuf JSON duration such as {@code "30s"} or {@code "1.250s"} (Gemini's {@code retryDelay}).
   *
   * @param value the duration text
   * @return the wait, or empty when malformed
   * @since 0.1.0
   */
  public static Optional<Duration> parseProtoDuration(String value) {
    String trimmed = value.trim();
    if (!trimmed.endsWith("s")) {
      return Optional.empty();
    }
    return parseSeconds(trimmed.substring(0, trimmed.length() - 1), 1);
  }

  /** Parses a non-negative decimal number of units, where {@code perSecond} units make a second. */
  private static Optional<Duration> parseSeconds(String text, long perSecond) {
    if (text.isEmpty() || text.length() > 20) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return Optional.empty();
      }
    }
    try {
      double units = Double.parseDouble(text);
      long nanos = Math.round(units * 1_000_000_000d / perSecond);
      return Optional.of(Duration.ofNanos(nanos));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
