package io.tollgate.telemetry.aggregate;

/**
 * One row of metric aggregates within a partition.
 *
 * @param attributes the data point's attributes in canonical form, {@code {k="v",...}} sorted by
 *     key
 */
public record MetricKey(String name, SeriesKey series, String attributes, long minuteEpochSecond) {}
