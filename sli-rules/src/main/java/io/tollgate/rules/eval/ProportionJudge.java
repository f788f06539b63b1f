package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.model.ValueKind;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.stats.ProportionTest;
import io.tollgate.rules.stats.RateRatioBound;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Tests on error counts: the fixed-sample two-proportion z test (FAIL) with an exact bound on the
 * rate ratio (PASS), and the anytime-valid per-interval rate test ({@link SequentialRateJudge}).
 * Both pass only when a regression beyond the tolerance is ruled out, never for "not significant".
 */
final class ProportionJudge {
  /**
   * The tolerance when the rule sets none: a canary passes once an error rate of 1.5 × the
   * baseline's (plus {@code minEffect}) or more is ruled out. Tighter tolerances need many more
   * requests: ruling out 1.5× at a 1 % error rate takes about 15,000 canary requests at an equal
   * split, 1.2× about five times as many.
   */
  static final double DEFAULT_TOLERANCE = 0.5;

  private ProportionJudge() {}

  /** The tolerance a rule asked for, or the default above its minEffect. */
  static double tolerance(Statistical s) {
    return s.tolerance() > 0 ? s.tolerance() : s.minEffect() + DEFAULT_TOLERANCE;
  }

  static Verdict judge(
      Sli sli, Statistical s, SliObservation obs, double failAlpha, boolean trajectory) {
    Optional<Counts> c = obs.canary().get().counts();
    Optional<Counts> b = obs.baseline().get().counts();
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
    String rates =
        "canary error rate "
            + Numbers.format(ratio(xc, nc))
            + " vs baseline "
            + Numbers.format(ratio(xb, nb));
    if (s.test() == Statistical.Test.SEQUENTIAL_PROPORTION) {
      return SequentialRateJudge.judge(s, obs, failAlpha, trajectory, rates, e);
    }
    return twoProportion(s, xc, nc, xb, nb, rates, e);
  }

  private static Verdict twoProportion(
      Statistical s, long xc, long nc, long xb, long nb, String rates, Evidence.Builder e) {
    double tolerance = tolerance(s);
    e.thresholds(
        "confidence "
            + Numbers.format(s.confidence())
            + ", minEffect "
            + Numbers.format(s.minEffect())
            + ", tolerance "
            + Numbers.format(tolerance)
            + ", minSamples "
            + s.minSamples());
    long have = Math.min(nc, nb);
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
    double upper = RateRatioBound.upper(xc, nc, xb, nb, s.confidence());
    String bound =
        "the rate ratio's "
            + Numbers.format(s.confidence() * 100)
            + " % upper bound is "
            + Numbers.format(upper);
    if (upper < 1 + tolerance) {
      return Verdict.of(
          Outcome.PASS,
          rates
              + ": "
              + bound
              + " < "
              + Numbers.format(1 + tolerance)
              + ", so a rate "
              + Numbers.format(1 + tolerance)
              + "x the baseline's or more is ruled out",
          e.build());
    }
    OptionalLong more = RateRatioBound.moreToPass(xc, nc, xb, nb, s.confidence(), 1 + tolerance);
    more.ifPresent(e::needed);
    return Verdict.of(
        Outcome.INCONCLUSIVE,
        rates
            + " is not shown higher (p="
            + Numbers.format(r.pGreater())
            + "), but not shown within tolerance either: "
            + bound
            + " >= "
            + Numbers.format(1 + tolerance)
            + (more.isPresent()
                ? "; about " + more.getAsLong() + " more requests per side at these rates"
                : "; at these rates it would not pass"),
        e.build());
  }

  static double ratio(long x, long n) {
    return n == 0 ? Double.NaN : (double) x / n;
  }

  static String pct(double relative) {
    return StatisticalJudge.pct(relative);
  }
}
