package io.tollgate.gate.evaluation;

import java.time.Duration;

/**
 * Durations as people write them in pipelines: the rule language's {@code 30s}, {@code 15m}, {@code
 * 2h} ({@link io.tollgate.rules.model.Durations}), or ISO-8601 {@code PT15M}. Values that overflow
 * (e.g. {@code PT9223372036854775807S}) or exceed a year are refused.
 */
final class Durations {
  static final Duration LONGEST = Duration.ofDays(366);

  private Durations() {}

  static Duration parse(String text, String field) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(field + " is empty");
    }
    Duration d;
    try {
      d =
          io.tollgate.rules.model.Durations.parse(text)
              .orElseGet(() -> Duration.parse(text.trim()));
    } catch (RuntimeException e) {
      // DateTimeParseException, and ArithmeticException from values that overflow
      throw new IllegalArgumentException(
          field + " '" + cut(text) + "' is not a duration such as 30s, 15m, 2h or PT15M");
    }
    if (d.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(field + " may be at most 366 days");
    }
    return d;
  }

  private static String cut(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
