package io.tollgate.ingest.testrun;

import java.util.List;
import java.util.Map;

/**
 * What a test-run file says, whatever its format: test cases (JUnit testcases, k6 checks) and
 * load-test metrics (k6 trends and rates, JMeter per-label statistics), the thresholds the tool
 * itself evaluated, and the failures worth a signature.
 *
 * @param format the format the file was read as
 * @param cases test cases and checks, in file order
 * @param metrics load-test metrics by name (k6 metric, or {@code jmeter:<label>})
 * @param thresholds pass/fail thresholds the tool evaluated (k6)
 * @param failures failed samples/cases grouped by what failed, for failure signatures
 * @param durationSeconds wall time of the run when the file says it, else the sum of case times
 */
public record TestRun(
    TestRunFormat format,
    List<TestCase> cases,
    Map<String, LoadMetric> metrics,
    List<Threshold> thresholds,
    List<Failure> failures,
    double durationSeconds) {

  public TestRun {
    cases = List.copyOf(cases);
    metrics = Map.copyOf(metrics);
    thresholds = List.copyOf(thresholds);
    failures = List.copyOf(failures);
  }

  public long count(TestCase.Status status) {
    return cases.stream().filter(c -> c.status() == status).count();
  }

  /** Passed (flaky included) over executed (skipped excluded); NaN when nothing ran. */
  public double passRatio() {
    long executed = cases.size() - count(TestCase.Status.SKIPPED);
    if (executed == 0) {
      return Double.NaN;
    }
    return (double) (count(TestCase.Status.PASSED) + count(TestCase.Status.FLAKY)) / executed;
  }

  /** A threshold the tool evaluated, e.g. k6's {@code p(95)<500} on {@code http_req_duration}. */
  public record Threshold(String metric, String expression, boolean failed) {}

  /**
   * Failures grouped by what failed.
   *
   * @param source a suite/class, a k6 group path, or a JMeter label
   * @param name the case, check or sampler that failed
   * @param errorClass exception type, HTTP response code or check name
   * @param message the failure message (raw; normalization happens in signatures)
   * @param count how many times it failed in this run
   */
  public record Failure(
      String source, String name, String errorClass, String message, long count) {}
}
