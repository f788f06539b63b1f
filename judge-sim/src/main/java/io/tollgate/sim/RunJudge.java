package io.tollgate.sim;

import java.util.List;

/**
 * One judge following one simulated analysis, interval by interval. Each implementation keeps the
 * state it needs; the simulation stops asking once it returned FAIL or PASS.
 */
interface RunJudge {
  /**
   * Looks at the analysis after interval {@code k}.
   *
   * @param k the interval just completed (0-based)
   * @param last whether it is the analysis's last interval
   * @param streams per traffic stream, every interval so far as {@code [canary, baseline]}
   * @return FAIL or PASS when the judge decides, else OPEN
   */
  RunOutcome.Decision look(int k, boolean last, List<List<SideInterval[]>> streams);

  /** The judge's name on result lines ({@code judge=...}); null for Tollgate's own line. */
  String name();
}
