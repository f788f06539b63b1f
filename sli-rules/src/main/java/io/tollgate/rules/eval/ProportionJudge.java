package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.model.ValueKind;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.stats.ProportionTest;
import io.tollgate.rules.stats.SequentialProportionTest;
import java.util.Optional;

/**
 * Proportion tests on error counts: the fixed-sample two-proportion z test and the anytime-valid
 * sequential test.
 */
final class ProportionJudge {
  private ProportionJudge() {}

  static Verdict judge(Sli sli, Statistical s, SliObservation obs) {
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
            .value(
                "canary",
                good ? 1 - StatisticalJudge.ratio(xc, nc) : StatisticalJudge.ratio(xc, nc))
            .value(
                "baseline",
                good ? 1 - StatisticalJudge.ratio(xb, nb) : StatisticalJudge.ratio(xb, nb))
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
    double rateC = StatisticalJudge.ratio(xc, nc);
    double rateB = StatisticalJudge.ratio(xb, nb);
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
              + StatisticalJudge.pct(relative)
              + ")",
          e.build());
    }
    String why =
        r.pGreater() < alpha
            ? "higher but below minEffect " + StatisticalJudge.pct(s.minEffect())
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
            + Numbers.format(StatisticalJudge.ratio(xc, nc))
            + " vs baseline "
            + Numbers.format(StatisticalJudge.ratio(xb, nb));
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
    e.effect(
        StatisticalJudge.ratio(xb, nb) == 0
            ? Double.POSITIVE_INFINITY
            : StatisticalJudge.ratio(xc, nc) / StatisticalJudge.ratio(xb, nb) - 1);
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

  private static Optional<Counts> counts(Measurement m) {
    return m.counts();
  }
}
