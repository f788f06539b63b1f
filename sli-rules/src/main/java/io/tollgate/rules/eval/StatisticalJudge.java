package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.observation.SliObservation;

/** Judges a statistical criterion: canary against baseline with a hypothesis test. */
final class StatisticalJudge {
  private StatisticalJudge() {}

  static Verdict judge(Sli sli, Statistical s, SliObservation obs) {
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
      case TWO_PROPORTION, SEQUENTIAL_PROPORTION -> ProportionJudge.judge(sli, s, obs);
      case MANN_WHITNEY -> DistributionJudge.rank(sli, s, obs);
      case QUANTILE -> DistributionJudge.quantile(sli, s, obs);
      case SEQUENTIAL_QUANTILE -> SequentialQuantileJudge.judge(sli, s, obs, 1 - s.confidence());
    };
  }

  static double ratio(long x, long n) {
    return n == 0 ? Double.NaN : (double) x / n;
  }

  static String pct(double relative) {
    return Double.isInfinite(relative) ? "inf%" : Numbers.format(relative * 100) + "%";
  }
}
