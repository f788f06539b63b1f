package io.tollgate.telemetry.aggregate;

/**
 * One row of test-traffic failure counts within a batch: signature, the series whose span failed,
 * the test that sent it and the minute start.
 */
public record TestFailureKey(
    FailureSignature signature, SeriesKey series, TestId test, long minuteEpochSecond) {}
