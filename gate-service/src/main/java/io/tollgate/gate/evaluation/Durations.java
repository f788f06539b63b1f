package io.tollgate.gate.evaluation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in pipelines: {@code 30s}, {@code 15m}, {@code 2h}, or ISO. */
final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  static Duration parse(String text, String field) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(field + " is empty");
    }
    Matcher m = SIMPLE.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " '" + text + "' is not a duration such as 30s, 15m, 2h or PT15M");
    }
  }
}
