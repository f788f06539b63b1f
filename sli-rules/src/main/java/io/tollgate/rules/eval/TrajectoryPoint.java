package io.tollgate.rules.eval;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of how a sequential test's evidence evolved, for the decision page's chart: after the
 * intervals up to {@code time}, the canary had seen {@code canaryRequests}, and the e-values stood
 * at {@code lnFailE} and {@code lnPassE} against their boundaries (natural logs, so 0 is "no
 * evidence" and the boundary of a 0.05 test is ln 20 ≈ 3.0).
 *
 * @param time the start of the last interval included
 * @param canaryRequests cumulative canary requests (or latency values) up to and including it
 * @param canaryShare the canary's share of both sides' requests since the previous point
 * @param lnFailE ln of the FAIL e-value; FAIL when it reaches {@code lnFailBoundary}
 * @param lnFailBoundary ln(1 / failAlpha), the boundary after gate-level error control
 * @param lnPassE ln of the PASS (non-inferiority) e-value, NaN when the test has none
 * @param lnPassBoundary ln(1 / α), NaN when the test has no PASS e-value
 */
public record TrajectoryPoint(
    Instant time,
    long canaryRequests,
    double canaryShare,
    double lnFailE,
    double lnFailBoundary,
    double lnPassE,
    double lnPassBoundary) {
  /** At most this many points per criterion: enough for a chart, cheap to store. */
  public static final int MAX_POINTS = 60;

  public TrajectoryPoint {
    Objects.requireNonNull(time, "time");
  }
}
