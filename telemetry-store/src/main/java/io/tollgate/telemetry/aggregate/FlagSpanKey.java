package io.tollgate.telemetry.aggregate;

import java.util.Objects;

/**
 * One row of feature-flag aggregates within a partition: the series, the flag key and the variant
 * the span's request was served with, the operation and the minute start.
 *
 * @param variant the evaluated variant, or {@link SeriesKey#OVERFLOW} for variants beyond the
 *     per-flag cap
 */
public record FlagSpanKey(
    SeriesKey series, String flag, String variant, String operation, long minuteEpochSecond) {
  public FlagSpanKey {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(operation, "operation");
  }
}
