package io.tollgate.telemetry.aggregate;

import java.util.Objects;

/**
 * Which test produced a span: its test run id and test case (name or id). Either may be empty, e.g.
 * for synthetic traffic that names neither.
 */
public record TestId(String runId, String testCase) {
  /**
   * The test id every test series of a service is folded into once the cardinality guard refuses.
   */
  public static final TestId OVERFLOW = new TestId(SeriesKey.OVERFLOW, SeriesKey.OVERFLOW);

  public TestId {
    runId = Objects.requireNonNullElse(runId, "");
    testCase = Objects.requireNonNullElse(testCase, "");
  }
}
