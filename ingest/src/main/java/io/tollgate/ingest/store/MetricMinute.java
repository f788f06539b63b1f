package io.tollgate.ingest.store;

import io.tollgate.ingest.aggregate.MetricStats;
import io.tollgate.ingest.aggregate.SeriesKey;
import java.time.Instant;

/**
 * One minute of one OTLP metric series, merged over partitions.
 *
 * @param attributes the data point attributes, {@code {k="v",...}} sorted by key
 */
public record MetricMinute(
    String name, SeriesKey series, String attributes, Instant minute, MetricStats stats) {}
