package io.tollgate.telemetry.aggregate;

/** One row of span aggregates within a partition: series, operation and minute start. */
public record SpanKey(SeriesKey series, String operation, long minuteEpochSecond) {}
