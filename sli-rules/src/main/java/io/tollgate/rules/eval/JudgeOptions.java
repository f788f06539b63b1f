package io.tollgate.rules.eval;

/**
 * What the judge computes beyond the decision. The decision itself never depends on these.
 *
 * <pre>{@code
 * Judge.evaluate(gate, observations, JudgeOptions.DEFAULT.withTrajectories(true));
 * }</pre>
 *
 * @param trajectories attach to each sequential test's evidence how its e-values evolved over the
 *     intervals (at most {@link TrajectoryPoint#MAX_POINTS} points); each point re-runs the test on
 *     a prefix of the intervals, so it costs up to that many times the test itself
 */
public record JudgeOptions(boolean trajectories) {
  /** Decisions only. */
  public static final JudgeOptions DEFAULT = new JudgeOptions(false);

  /** A copy with trajectories on or off. */
  public JudgeOptions withTrajectories(boolean on) {
    return new JudgeOptions(on);
  }
}
