package io.tollgate.rules.eval;

/**
 * The sample-ratio check: did the canary get the share of requests the rollout asked for? A
 * mismatch (traffic routing broken, a sticky-session router, pods not ready) means canary and
 * baseline did not see comparable traffic, so a PASS or WARN cannot be trusted and becomes
 * INCONCLUSIVE; it never fails a canary by itself.
 *
 * @param sli the SLI whose request counts were checked (the one with the most requests)
 * @param observedShare the canary's share of canary + baseline requests in the checked intervals
 * @param expectedShare the share the rollout asked for over the same intervals, weighted by their
 *     requests
 * @param eValue the sequential test's evidence against "the canary got the expected share"
 * @param threshold the e-value that makes a mismatch (1 / level)
 * @param canaryRequests canary requests in the checked intervals
 * @param totalRequests canary + baseline requests in the checked intervals
 * @param mismatch true when the e-value reached the threshold and the share is off by at least
 *     {@link #MIN_RELATIVE_DEVIATION} of the expected
 */
public record SampleRatio(
    String sli,
    double observedShare,
    double expectedShare,
    double eValue,
    double threshold,
    long canaryRequests,
    long totalRequests,
    boolean mismatch) {

  /** The level of the check: strict, so a healthy rollout is almost never held up. */
  public static final double LEVEL = 0.001;

  /**
   * Shares closer than this (relative) to the expected are not reported: real routers split by
   * connection or by replica count, not by an independent coin per request, so huge counts make
   * tiny, harmless deviations statistically visible.
   */
  public static final double MIN_RELATIVE_DEVIATION = 0.1;

  /** "the canary got 3.1 % of the requests, the rollout said 5 %". */
  public String describe() {
    return "the canary got "
        + percent(observedShare)
        + " of the requests, the rollout said "
        + percent(expectedShare)
        + " (sample ratio mismatch on "
        + sli
        + ", e-value "
        + EValues.format(eValue)
        + " >= "
        + io.tollgate.rules.model.Numbers.format(threshold)
        + ")";
  }

  private static String percent(double share) {
    return io.tollgate.rules.model.Numbers.format(Math.round(share * 1000) / 10.0) + " %";
  }
}
