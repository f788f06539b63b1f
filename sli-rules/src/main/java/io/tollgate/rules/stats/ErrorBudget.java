package io.tollgate.rules.stats;

/** Error-budget arithmetic of the SRE workbook. */
public final class ErrorBudget {
  private ErrorBudget() {}

  /** How many times faster than sustainable the budget burns: error ratio / (1 - objective). */
  public static double burnRate(long errors, long total, double objective) {
    if (total <= 0) {
      return Double.NaN;
    }
    return ((double) errors / total) / (1 - objective);
  }

  /**
   * The fraction of the budget left: 1 - errors / (total × (1 - objective)); negative when
   * overspent.
   */
  public static double remaining(long errors, long total, double objective) {
    if (total <= 0) {
      return Double.NaN;
    }
    return 1 - errors / (total * (1 - objective));
  }
}
