package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.MetricStats;
import io.tollgate.telemetry.aggregate.SeriesKey;
import java.time.Instant;

/**
 * One minute of one OTLP metric series, merged over partitions.
 *
 * @param attributes the data point attributes, {@code {k="v",...}} sorted by key
 */
public record MetricMinute(
    String name, SeriesKey series, String attributes, Instant minute, MetricStats stats) {}
