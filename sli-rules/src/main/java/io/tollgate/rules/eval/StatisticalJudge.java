package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.observation.Look;
import io.tollgate.rules.observation.SliObservation;

/**
 * Judges a statistical criterion: canary against baseline with a hypothesis test. Anytime-valid
 * tests fail at {@code failAlpha}, the criterion's level after the gate's error control (see {@link
 * Judge#failAlpha}); fixed-sample tests are judged only at the final look.
 */
final class StatisticalJudge {
  private StatisticalJudge() {}

  static Verdict judge(
      Sli sli,
      Statistical s,
      SliObservation obs,
      double failAlpha,
      Look look,
      JudgeOptions options) {
    if (look == Look.INTERIM && !s.test().anytimeValid()) {
      // a fixed-sample test re-judged at every look fails healthy canaries far more often than α
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          name(s.test())
              + " is a fixed-sample test: judged once, at the end of the continuous evaluation"
              + " (test: "
              + name(sequentialFor(s.test()))
              + " decides early)",
          Evidence.NONE);
    }
    if (obs.canary().isEmpty() || obs.baseline().isEmpty()) {
      return Verdict.missing(
          "a statistical test needs both canary and baseline observations; "
              + (obs.canary().isEmpty() ? "canary" : "baseline")
              + " is missing");
    }
    var notCounts = QueriedCounts.check(s, obs);
    if (notCounts.isPresent()) {
      return notCounts.get();
    }
    return switch (s.test()) {
      case TWO_PROPORTION, SEQUENTIAL_PROPORTION ->
          ProportionJudge.judge(sli, s, obs, failAlpha, options.trajectories());
      case MANN_WHITNEY -> DistributionJudge.rank(sli, s, obs);
      case QUANTILE -> DistributionJudge.quantile(sli, s, obs);
      case SEQUENTIAL_QUANTILE ->
          SequentialQuantileJudge.judge(sli, s, obs, failAlpha, options.trajectories());
    };
  }

  /** The anytime-valid test that replaces a fixed-sample one in a continuous evaluation. */
  static Statistical.Test sequentialFor(Statistical.Test test) {
    return switch (test) {
      case TWO_PROPORTION, SEQUENTIAL_PROPORTION -> Statistical.Test.SEQUENTIAL_PROPORTION;
      case MANN_WHITNEY, QUANTILE, SEQUENTIAL_QUANTILE -> Statistical.Test.SEQUENTIAL_QUANTILE;
    };
  }

  static String name(Statistical.Test test) {
    return test.name().toLowerCase(java.util.Locale.ROOT);
  }

  static double ratio(long x, long n) {
    return n == 0 ? Double.NaN : (double) x / n;
  }

  static String pct(double relative) {
    return Double.isInfinite(relative) ? "inf%" : Numbers.format(relative * 100) + "%";
  }
}
