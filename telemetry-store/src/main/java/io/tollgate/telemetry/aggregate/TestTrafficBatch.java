package io.tollgate.telemetry.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The test traffic of one {@link PartitionBatch}: spans that carried a test run, test case, test
 * suite or synthetic user agent, kept apart from the production aggregates. Committed with the
 * batch ({@code ingest_test_span_minute}, {@code ingest_test_signature_minute}).
 */
public final class TestTrafficBatch {
  private final Map<TestSpanKey, SpanStats> spans = new HashMap<>();
  private final Map<TestFailureKey, TestFailures> failures = new HashMap<>();

  /**
   * Records a test request span. {@code guard} is asked about each new series, test and operation
   * (a budget of its own, apart from production's); a refused one goes to the service's overflow
   * row.
   */
  public void recordSpan(
      SeriesKey series,
      TestId test,
      String operation,
      long minute,
      double latencyMs,
      boolean error,
      CardinalityGuard guard) {
    TestSpanKey key = new TestSpanKey(series, test, operation, minute);
    SpanStats stats = spans.get(key);
    if (stats == null) {
      if (!guard.admit(series, guardKey(operation, test))) {
        key =
            new TestSpanKey(
                SeriesKey.overflow(series.service()), TestId.OVERFLOW, SeriesKey.OVERFLOW, minute);
        stats = spans.get(key);
      }
      if (stats == null) {
        stats = SpanStats.empty();
        spans.put(key, stats);
      }
    }
    stats.record(latencyMs, error);
  }

  /**
   * Counts a failed test span. Test failures are bounded by the span rows: a failure whose test was
   * folded into overflow is counted under the overflow test id.
   */
  public void recordFailure(
      FailureSignature signature,
      SeriesKey series,
      TestId test,
      long timeNanos,
      String exemplar,
      CardinalityGuard guard) {
    TestId id = guard.admit(series, guardKey(signature.operation(), test)) ? test : TestId.OVERFLOW;
    long minute = Math.floorDiv(timeNanos, 60_000_000_000L) * 60;
    failures
        .computeIfAbsent(new TestFailureKey(signature, series, id, minute), k -> new TestFailures())
        .add(exemplar);
  }

  private static String guardKey(String operation, TestId test) {
    return operation + '\u001f' + test.runId() + '\u001f' + test.testCase();
  }

  public boolean isEmpty() {
    return spans.isEmpty() && failures.isEmpty();
  }

  public Map<TestSpanKey, SpanStats> spans() {
    return spans;
  }

  public Map<TestFailureKey, TestFailures> failures() {
    return failures;
  }

  /** A failure count with up to {@link SignatureSeen#MAX_EXEMPLARS} exemplar trace:span ids. */
  public static final class TestFailures {
    private long count;
    private final List<String> exemplars = new ArrayList<>();

    void add(String exemplar) {
      count++;
      if (exemplars.size() < SignatureSeen.MAX_EXEMPLARS
          && !exemplar.isEmpty()
          && !exemplars.contains(exemplar)) {
        exemplars.add(exemplar);
      }
    }

    public long count() {
      return count;
    }

    public List<String> exemplars() {
      return List.copyOf(exemplars);
    }
  }
}
