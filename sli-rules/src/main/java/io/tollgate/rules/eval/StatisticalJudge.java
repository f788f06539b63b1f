package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.model.ValueKind;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.Distribution;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.stats.ProportionTest;
import io.tollgate.rules.stats.QuantileTest;
import io.tollgate.rules.stats.RankTest;
import io.tollgate.rules.stats.SequentialProportionTest;
import java.util.Optional;

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
    return switch (s.test()) {
      case TWO_PROPORTION, SEQUENTIAL_PROPORTION -> proportions(sli, s, obs);
      case MANN_WHITNEY -> rank(sli, s, obs);
      case QUANTILE -> quantile(sli, s, obs);
    };
  }

  private static Optional<Counts> counts(Measurement m) {
    return m.counts();
  }

  private static Verdict proportions(Sli sli, Statistical s, SliObservation obs) {
    Optional<Counts> c = counts(obs.canary().get());
    Optional<Counts> b = counts(obs.baseline().get());
    if (c.isEmpty() || b.isEmpty()) {
      return Verdict.missing("a proportion test needs request and error counts on both sides");
    }
    long nc = c.get().total();
    long nb = b.get().total();
    // for a good ratio (pass ratio) the "errors" are the failures: higher is worse either way
    long xc = c.get().errors();
    long xb = b.get().errors();
    boolean good = sli.source().valueKind() == ValueKind.GOOD_RATIO;
    Evidence.Builder e =
        new Evidence.Builder()
            .value("canary", good ? 1 - ratio(xc, nc) : ratio(xc, nc))
            .value("baseline", good ? 1 - ratio(xb, nb) : ratio(xb, nb))
            .samples("canary", nc)
            .samples("baseline", nb);
    long have = Math.min(nc, nb);
    if (s.test() == Statistical.Test.SEQUENTIAL_PROPORTION) {
      return sequential(s, xc, nc, xb, nb, e);
    }
    e.thresholds(
        "confidence "
            + Numbers.format(s.confidence())
            + ", minEffect "
            + Numbers.format(s.minEffect())
            + ", minSamples "
            + s.minSamples());
    if (have < s.minSamples()) {
      e.needed(s.minSamples() - have);
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          have
              + " requests on the smaller side, "
              + s.minSamples()
              + " needed (minSamples); "
              + (s.minSamples() - have)
              + " more",
          e.build());
    }
    ProportionTest.Result r = ProportionTest.test(xc, nc, xb, nb, s.confidence());
    double alpha = 1 - s.confidence();
    double rateC = ratio(xc, nc);
    double rateB = ratio(xb, nb);
    double relative = rateB == 0 ? (rateC == 0 ? 0 : Double.POSITIVE_INFINITY) : rateC / rateB - 1;
    e.statistic(r.z()).pValue(r.pGreater()).ci(r.ciLow(), r.ciHigh()).effect(relative);
    String rates =
        "canary error rate " + Numbers.format(rateC) + " vs baseline " + Numbers.format(rateB);
    if (r.pGreater() < alpha && relative >= s.minEffect()) {
      return Verdict.of(
          Outcome.FAIL,
          rates
              + " is higher (p="
              + Numbers.format(r.pGreater())
              + " < "
              + Numbers.format(alpha)
              + ", +"
              + pct(relative)
              + ")",
          e.build());
    }
    String why =
        r.pGreater() < alpha
            ? "higher but below minEffect " + pct(s.minEffect())
            : "not significantly higher (p=" + Numbers.format(r.pGreater()) + ")";
    return Verdict.of(Outcome.PASS, rates + " is " + why, e.build());
  }

  private static Verdict sequential(
      Statistical s, long xc, long nc, long xb, long nb, Evidence.Builder e) {
    double alpha = 1 - s.confidence();
    e.thresholds(
        "anytime-valid, confidence "
            + Numbers.format(s.confidence())
            + ", minEffect "
            + Numbers.format(s.minEffect())
            + ", maxSamples "
            + s.maxSamples()
            + (s.tolerance() > 0 ? ", tolerance " + Numbers.format(s.tolerance()) : ""));
    String rates =
        "canary error rate "
            + Numbers.format(ratio(xc, nc))
            + " vs baseline "
            + Numbers.format(ratio(xb, nb));
    if (nc == 0 || nb == 0) {
      e.needed(s.maxSamples());
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          "no requests yet on " + (nc == 0 ? "the canary" : "the baseline"),
          e.build());
    }
    SequentialProportionTest.Result r =
        SequentialProportionTest.test(xc, nc, xb, nb, alpha, s.minEffect());
    e.statistic(r.eValue());
    e.effect(ratio(xb, nb) == 0 ? Double.POSITIVE_INFINITY : ratio(xc, nc) / ratio(xb, nb) - 1);
    if (r.rejected() && nc >= s.minSamples()) {
      return Verdict.of(
          Outcome.FAIL,
          rates
              + " is higher: e-value "
              + Numbers.format(r.eValue())
              + " >= "
              + Numbers.format(r.threshold())
              + " after "
              + nc
              + " canary requests",
          e.build());
    }
    if (s.tolerance() > 0 && nc >= s.minSamples()) {
      SequentialProportionTest.Result below =
          SequentialProportionTest.testBelow(xc, nc, xb, nb, alpha, s.tolerance());
      if (below.rejected()) {
        return Verdict.of(
            Outcome.PASS,
            rates
                + ": a rate "
                + Numbers.format(1 + s.tolerance())
                + "x the baseline's or more is ruled out (e-value "
                + Numbers.format(below.eValue())
                + " >= "
                + Numbers.format(below.threshold())
                + ") after "
                + nc
                + " canary requests",
            e.build());
      }
    }
    if (nc >= s.maxSamples()) {
      return Verdict.of(
          Outcome.PASS,
          rates
              + ": no evidence of a higher rate after "
              + nc
              + " canary requests (e-value "
              + Numbers.format(r.eValue())
              + " < "
              + Numbers.format(r.threshold())
              + ")",
          e.build());
    }
    e.needed(s.maxSamples() - nc);
    return Verdict.of(
        Outcome.INCONCLUSIVE,
        rates
            + ": e-value "
            + Numbers.format(r.eValue())
            + " < "
            + Numbers.format(r.threshold())
            + ", keep watching ("
            + (s.maxSamples() - nc)
            + " canary requests to go)",
        e.build());
  }

  private static Verdict rank(Sli sli, Statistical s, SliObservation obs) {
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
                ? "worse but below minEffect " + pct(s.minEffect())
                : "not significantly worse (p=" + Numbers.format(p) + ")"),
        e.build());
  }

  private static Verdict quantile(Sli sli, Statistical s, SliObservation obs) {
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
            text + ": canary is worse beyond minEffect " + pct(s.minEffect()),
            e.build())
        : Verdict.of(
            Outcome.PASS, text + ": intervals overlap, no significant regression", e.build());
  }

  private static double ratio(long x, long n) {
    return n == 0 ? Double.NaN : (double) x / n;
  }

  private static String pct(double relative) {
    return Double.isInfinite(relative) ? "inf%" : Numbers.format(relative * 100) + "%";
  }
}
