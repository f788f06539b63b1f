package io.tollgate.gate.evaluation;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Durations as people write them in pipelines: the rule language's {@code 30s}, {@code 15m}, {@code
 * 2h} ({@link io.tollgate.rules.model.Durations}), or ISO-8601 {@code PT15M}.
 */
final class Durations {
  private Durations() {}

  static Duration parse(String text, String field) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(field + " is empty");
    }
    return io.tollgate.rules.model.Durations.parse(text)
        .orElseGet(
            () -> {
              try {
                return Duration.parse(text.trim());
              } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                    field + " '" + text + "' is not a duration such as 30s, 15m, 2h or PT15M");
              }
            });
  }
}
