package io.tollgate.rules.model;

/**
 * What an SLI's observed data means, which decides how its single value is derived and which
 * statistical tests fit it.
 */
public enum ValueKind {
  /** Request/error counts; the value is errors / total. */
  ERROR_RATIO,
  /** Total/failed counts; the value is (total - failed) / total. */
  GOOD_RATIO,
  /** A count; the value is the total count. */
  COUNT,
  /** A count of failures (failed or flaky tests); the value is the errors of the counts. */
  FAILURE_COUNT,
  /** A distribution (samples, histogram or sketch); the value is a quantile or the mean. */
  DISTRIBUTION,
  /** A single number produced by the source. */
  SCALAR;

  /** True when the SLI is built from counts, which proportion tests and budgets need. */
  public boolean fromCounts() {
    return this == ERROR_RATIO || this == GOOD_RATIO;
  }
}
