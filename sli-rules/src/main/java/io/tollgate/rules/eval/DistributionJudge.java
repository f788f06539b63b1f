package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.observation.Distribution;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.stats.QuantileTest;
import io.tollgate.rules.stats.RankTest;
import java.util.Optional;

/** Tests on distributions: Mann-Whitney U and quantile confidence intervals. */
final class DistributionJudge {
  private DistributionJudge() {}

  static Verdict rank(Sli sli, Statistical s, SliObservation obs) {
    Optional<Distribution> c = obs.canary().get().distribution();
    Optional<Distribution> b = obs.baseline().get().distribution();
    if (c.isEmpty() || b.isEmpty()) {
      return Verdict.missing("mann_whitney needs samples, a histogram or a sketch on both sides");
    }
    var bc = c.get().bins();
    var bb = b.get().bins();
    Evidence.Builder e =
        new Evidence.Builder()
            .value("canary median", c.get().quantile(0.5))
            .value("baseline median", b.get().quantile(0.5))
            .samples("canary", bc.total())
            .samples("baseline", bb.total())
            .thresholds(
                "confidence "
                    + Numbers.format(s.confidence())
                    + ", minEffect "
                    + Numbers.format(s.minEffect())
                    + ", minSamples "
                    + s.minSamples());
    if (!bc.scale().equals(bb.scale())) {
      return Verdict.error(
          "canary and baseline distributions are not comparable: "
              + bc.scale()
              + " vs "
              + bb.scale());
    }
    double have = Math.min(bc.total(), bb.total());
    if (have < s.minSamples()) {
      long needed = (long) Math.ceil(s.minSamples() - have);
      e.needed(needed);
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          Numbers.format(have)
              + " samples on the smaller side, "
              + s.minSamples()
              + " needed (minSamples); "
              + needed
              + " more",
          e.build());
    }
    RankTest.Result r = RankTest.test(bc, bb);
    boolean higherWorse = sli.direction() == io.tollgate.rules.model.Direction.LOWER_IS_BETTER;
    double p = higherWorse ? r.pGreater() : r.pLess();
    double mc = c.get().quantile(0.5);
    double mb = b.get().quantile(0.5);
    double shift =
        mb == 0
            ? (mc == mb ? 0 : Double.POSITIVE_INFINITY)
            : (mc - mb) / Math.abs(mb) * sli.direction().worseSign();
    e.statistic(r.u()).pValue(p).effect(shift);
    double alpha = 1 - s.confidence();
    String medians =
        "canary median "
            + Numbers.format(mc)
            + AbsoluteJudge.unit(sli)
            + " vs baseline "
            + Numbers.format(mb);
    if (p < alpha && shift >= s.minEffect()) {
      return Verdict.of(
          Outcome.FAIL,
          medians
              + ": canary is worse (Mann-Whitney p="
              + Numbers.format(p)
              + " < "
              + Numbers.format(alpha)
              + ", P(worse)="
              + Numbers.format(higherWorse ? r.superiority() : 1 - r.superiority())
              + ")",
          e.build());
    }
    return Verdict.of(
        Outcome.PASS,
        medians
            + ": "
            + (p < alpha
                ? "worse but below minEffect " + StatisticalJudge.pct(s.minEffect())
                : "not significantly worse (p=" + Numbers.format(p) + ")"),
        e.build());
  }

  static Verdict quantile(Sli sli, Statistical s, SliObservation obs) {
    Optional<Distribution> c = obs.canary().get().distribution();
    Optional<Distribution> b = obs.baseline().get().distribution();
    if (c.isEmpty() || b.isEmpty()) {
      return Verdict.missing(
          "a quantile test needs samples, a histogram or a sketch on both sides");
    }
    double q = s.quantile();
    String name = "p" + Numbers.format(q * 100);
    double have = Math.min(c.get().count(), b.get().count());
    Evidence.Builder e =
        new Evidence.Builder()
            .samples("canary", c.get().count())
            .samples("baseline", b.get().count())
            .thresholds(
                "quantile "
                    + Numbers.format(q)
                    + ", confidence "
                    + Numbers.format(s.confidence())
                    + ", minEffect "
                    + Numbers.format(s.minEffect())
                    + ", minSamples "
                    + s.minSamples());
    if (have < s.minSamples()) {
      long needed = (long) Math.ceil(s.minSamples() - have);
      e.needed(needed);
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          Numbers.format(have)
              + " samples on the smaller side, "
              + s.minSamples()
              + " needed for "
              + name
              + "; "
              + needed
              + " more",
          e.build());
    }
    QuantileTest.Interval ic = QuantileTest.interval(c.get(), q, s.confidence());
    QuantileTest.Interval ib = QuantileTest.interval(b.get(), q, s.confidence());
    e.value("canary " + name, ic.estimate())
        .value("baseline " + name, ib.estimate())
        .ci(ic.low(), ic.high());
    double rel =
        ib.estimate() == 0
            ? 0
            : (ic.estimate() - ib.estimate())
                / Math.abs(ib.estimate())
                * sli.direction().worseSign();
    e.effect(rel);
    boolean lowerBetter = sli.direction() == io.tollgate.rules.model.Direction.LOWER_IS_BETTER;
    boolean separated =
        lowerBetter
            ? ic.low() > ib.high() * (1 + s.minEffect())
            : ic.high() < ib.low() * (1 - s.minEffect());
    String text =
        "canary "
            + name
            + " "
            + Numbers.format(ic.estimate())
            + AbsoluteJudge.unit(sli)
            + " ["
            + Numbers.format(ic.low())
            + ", "
            + Numbers.format(ic.high())
            + "] vs baseline "
            + Numbers.format(ib.estimate())
            + " ["
            + Numbers.format(ib.low())
            + ", "
            + Numbers.format(ib.high())
            + "]";
    return separated
        ? Verdict.of(
            Outcome.FAIL,
            text + ": canary is worse beyond minEffect " + StatisticalJudge.pct(s.minEffect()),
            e.build())
        : Verdict.of(
            Outcome.PASS, text + ": intervals overlap, no significant regression", e.build());
  }
}
