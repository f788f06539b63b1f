package io.tollgate.rules.stats;

/**
 * Error-budget arithmetic of the SRE workbook, on real numbers: counts, or the rates and
 * extrapolated increases a Prometheus query returns (a ratio of rates over the same window equals
 * the ratio of the counts).
 */
public final class ErrorBudget {
  private ErrorBudget() {}

  /** How many times faster than sustainable the budget burns: error ratio / (1 - objective). */
  public static double burnRate(double errors, double total, double objective) {
    if (!(total > 0)) {
      return Double.NaN;
    }
    return (errors / total) / (1 - objective);
  }

  /**
   * The fraction of the budget left: 1 - errors / (total × (1 - objective)); negative when
   * overspent.
   */
  public static double remaining(double errors, double total, double objective) {
    if (!(total > 0)) {
      return Double.NaN;
    }
    return 1 - errors / (total * (1 - objective));
  }
}
