package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.TestId;

/**
 * Requests and errors a test sent to one service and operation, summed over a window or a whole
 * test run.
 */
public record TestTrafficCounts(
    String service, String operation, TestId test, long requests, long errors) {}
