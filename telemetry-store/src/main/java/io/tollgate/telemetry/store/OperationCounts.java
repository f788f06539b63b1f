package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.SeriesKey;

/** Requests and errors of one series and operation over a window, summed in the database. */
public record OperationCounts(SeriesKey series, String operation, long requests, long errors) {}
