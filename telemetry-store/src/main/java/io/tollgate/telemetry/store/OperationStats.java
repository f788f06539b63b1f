package io.tollgate.telemetry.store;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.tollgate.telemetry.aggregate.SeriesKey;

/**
 * Requests, errors and the latency distribution (milliseconds) of one series and operation, merged
 * over partitions and minutes.
 */
public record OperationStats(
    SeriesKey series, String operation, long requests, long errors, DDSketch latencyMs) {}
