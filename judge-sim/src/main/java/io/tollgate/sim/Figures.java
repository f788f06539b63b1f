package io.tollgate.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One judge's figures over all runs of a scenario: how often it failed and passed, and after how
 * many canary requests the 50th and 80th percentile of runs had failed.
 */
record Figures(
    String judge,
    int runs,
    int fails,
    int passes,
    String detectN50,
    String detectN80,
    String decideN50,
    String passN50) {

  static Figures of(String judge, List<RunOutcome> outcomes) {
    int runs = outcomes.size();
    long[] failAt = at(outcomes, RunOutcome.Decision.FAIL, null);
    long[] passAt = at(outcomes, RunOutcome.Decision.PASS, null);
    long[] decideAt = at(outcomes, RunOutcome.Decision.FAIL, RunOutcome.Decision.PASS);
    return new Figures(
        judge,
        runs,
        failAt.length,
        passAt.length,
        percentile(failAt, runs, 0.5),
        percentile(failAt, runs, 0.8),
        percentile(decideAt, runs, 0.5),
        percentile(passAt, runs, 0.5));
  }

  private static long[] at(
      List<RunOutcome> outcomes, RunOutcome.Decision a, RunOutcome.Decision b) {
    return outcomes.stream()
        .filter(o -> o.decision() == a || o.decision() == b)
        .mapToLong(RunOutcome::canaryRequests)
        .sorted()
        .toArray();
  }

  /**
   * Canary requests by which the {@code p}-th share of all runs had the event; {@code none} when
   * fewer runs had it at all.
   */
  static String percentile(long[] sortedAt, int runs, double p) {
    int k = (int) Math.ceil(p * runs);
    if (k == 0 || sortedAt.length < k) {
      return "none";
    }
    return Long.toString(sortedAt[k - 1]);
  }

  double failRate() {
    return (double) fails / runs;
  }

  double passRate() {
    return (double) passes / runs;
  }

  /** The contract line; with {@code judge=...} after the scenario for the peer judges. */
  String line(String scenario) {
    return String.format(
        Locale.ROOT,
        "judge-sim scenario=%s%s runs=%d fail_rate=%.4f pass_rate=%.4f detect_n50=%s"
            + " detect_n80=%s",
        scenario,
        judge == null ? "" : " judge=" + judge,
        runs,
        failRate(),
        passRate(),
        detectN50,
        detectN80);
  }

  /** Extra figures: the median decision (PASS or FAIL) and the median PASS, in canary requests. */
  String detail(String scenario) {
    return String.format(
        Locale.ROOT,
        "judge-sim-detail scenario=%s judge=%s decide_n50=%s pass_n50=%s fail_se=%.4f",
        scenario,
        judge == null ? "tollgate" : judge,
        decideN50,
        passN50,
        Math.sqrt(failRate() * (1 - failRate()) / runs));
  }

  @Override
  public String toString() {
    return judge + Arrays.asList(runs, fails, passes, detectN50, detectN80);
  }
}
