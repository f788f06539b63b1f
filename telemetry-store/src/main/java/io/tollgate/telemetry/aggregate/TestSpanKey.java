package io.tollgate.telemetry.aggregate;

import java.util.Objects;

/**
 * One row of test-traffic aggregates within a batch: the series, the test run and case the spans
 * carried, the operation and the minute start. Missing test ids are empty strings (synthetic
 * traffic with no run or case).
 */
public record TestSpanKey(SeriesKey series, TestId test, String operation, long minuteEpochSecond) {
  public TestSpanKey {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(operation, "operation");
  }
}
