package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.stats.SequentialRateTest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code sequential_proportion}: the per-interval, anytime-valid rate test. FAIL when the FAIL
 * e-value reaches 1/failAlpha (the gate-level boundary), PASS when the non-inferiority e-value
 * reaches 1/α, otherwise INCONCLUSIVE with roughly how many more canary requests a ruling needs;
 * reaching {@code maxSamples} without a ruling stays INCONCLUSIVE.
 */
final class SequentialRateJudge {
  private SequentialRateJudge() {}

  static Verdict judge(
      Statistical s,
      SliObservation obs,
      double failAlpha,
      boolean trajectory,
      String rates,
      Evidence.Builder e) {
    double alpha = 1 - s.confidence();
    double rho0 = 1 + s.minEffect();
    double rho1 = 1 + ProportionJudge.tolerance(s);
    long nc = obs.canary().get().counts().get().total();
    long nb = obs.baseline().get().counts().get().total();
    e.thresholds(
        "anytime-valid per interval, confidence "
            + Numbers.format(s.confidence())
            + ", fail at e-value "
            + Numbers.format(1 / failAlpha)
            + ", pass at "
            + Numbers.format(1 / alpha)
            + ", minEffect "
            + Numbers.format(s.minEffect())
            + ", tolerance "
            + Numbers.format(rho1 - 1)
            + ", maxSamples "
            + s.maxSamples()
            + (s.expectedEffect() > 0
                ? ", fail prior centred on a rate ratio of " + Numbers.format(expected(s))
                : ""));
    if (nc == 0 || nb == 0) {
      e.needed(Math.max(s.minSamples(), 1));
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          "no requests yet on " + (nc == 0 ? "the canary" : "the baseline"),
          e.build());
    }
    AlignedCounts a = AlignedCounts.of(obs.canary().get(), obs.baseline().get());
    SequentialRateTest.Result r =
        SequentialRateTest.test(a.c, a.x, a.b, a.y, a.count, rho0, rho1, alpha, expected(s));
    e.statistic(r.failE()).ci(r.ciLow(), r.ciHigh()).effect(r.estimate() - 1);
    if (trajectory) {
      e.trajectory(trajectory(a, rho0, rho1, expected(s), failAlpha, alpha));
    }
    String after = " after " + nc + " canary requests";
    if (a.count == 0) {
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          rates + ": canary and baseline intervals do not line up (no common start times)",
          e.build());
    }
    if (nc < s.minSamples()) {
      e.needed(s.minSamples() - nc);
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          rates
              + ": "
              + nc
              + " canary requests, "
              + s.minSamples()
              + " needed before a ruling (minSamples)",
          e.build());
    }
    if (r.failE() >= 1 / failAlpha) {
      return Verdict.of(
          Outcome.FAIL,
          rates
              + " is higher: e-value "
              + EValues.format(r.failE())
              + " >= "
              + Numbers.format(1 / failAlpha)
              + after
              + "; rate ratio "
              + Numbers.format(r.estimate())
              + ", "
              + cs(s, r),
          e.build());
    }
    if (r.passE() >= 1 / alpha) {
      return Verdict.of(
          Outcome.PASS,
          rates
              + ": a rate "
              + Numbers.format(rho1)
              + "x the baseline's or more is ruled out (e-value "
              + EValues.format(r.passE())
              + " >= "
              + Numbers.format(1 / alpha)
              + ")"
              + after,
          e.build());
    }
    OptionalLong more = more(nc, r, rho0, rho1);
    more.ifPresent(e::needed);
    String open =
        "e-value "
            + EValues.format(r.failE())
            + " < "
            + Numbers.format(1 / failAlpha)
            + " to fail, "
            + EValues.format(r.passE())
            + " < "
            + Numbers.format(1 / alpha)
            + " to pass; "
            + cs(s, r);
    String estimate =
        more.isPresent()
            ? "about " + more.getAsLong() + " more canary requests to a ruling at these rates"
            : "too few errors yet to estimate how many more requests a ruling needs";
    if (nc >= s.maxSamples()) {
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          rates
              + ": no ruling after "
              + nc
              + " canary requests (maxSamples "
              + s.maxSamples()
              + "): "
              + open
              + "; "
              + estimate,
          e.build());
    }
    return Verdict.of(
        Outcome.INCONCLUSIVE,
        rates + ": " + open + ", keep watching (" + estimate + ")",
        e.build());
  }

  private static String cs(Statistical s, SequentialRateTest.Result r) {
    return Numbers.format(s.confidence() * 100)
        + " % confidence sequence ["
        + Numbers.format(r.ciLow())
        + ", "
        + Numbers.format(r.ciHigh())
        + "]";
  }

  /**
   * Canary requests until the confidence sequence clears ρ1 (PASS) or ρ0 (FAIL) if the rates stay
   * as observed: its half-width in ln ρ shrinks like one over the square root of the requests.
   */
  static OptionalLong more(long nc, SequentialRateTest.Result r, double rho0, double rho1) {
    double t = Math.log(r.estimate());
    double best = Double.POSITIVE_INFINITY;
    if (Double.isFinite(t) && r.ciHigh() < Double.POSITIVE_INFINITY && t < Math.log(rho1)) {
      double f = Math.pow((Math.log(r.ciHigh()) - t) / (Math.log(rho1) - t), 2);
      best = Math.min(best, nc * (f - 1));
    }
    if (Double.isFinite(t) && r.ciLow() > 0 && t > Math.log(rho0)) {
      double f = Math.pow((t - Math.log(r.ciLow())) / (t - Math.log(rho0)), 2);
      best = Math.min(best, nc * (f - 1));
    }
    return Double.isFinite(best)
        ? OptionalLong.of(Math.max(1, (long) Math.ceil(best)))
        : OptionalLong.empty();
  }

  /** The rate ratio the FAIL prior is centred on, 0 for the wide default prior. */
  private static double expected(Statistical s) {
    return s.expectedEffect() > 0 ? 1 + s.expectedEffect() : 0;
  }

  /** The e-values after each of up to MAX_POINTS prefixes of the intervals. */
  private static List<TrajectoryPoint> trajectory(
      AlignedCounts a, double rho0, double rho1, double expected, double failAlpha, double alpha) {
    int points = Math.min(a.count, TrajectoryPoint.MAX_POINTS);
    List<TrajectoryPoint> out = new ArrayList<>(points);
    int previous = 0;
    long cumulative = 0;
    for (int j = 1; j <= points; j++) {
      int end = (int) Math.round((double) a.count * j / points);
      if (end <= previous) {
        continue;
      }
      long canary = a.canaryRequests(previous, end);
      long both = canary + a.baselineRequests(previous, end);
      cumulative += canary;
      double[] ln = SequentialRateTest.lnEValues(a.c, a.x, a.b, a.y, end, rho0, rho1, expected);
      out.add(
          new TrajectoryPoint(
              a.start[end - 1],
              cumulative,
              both == 0 ? Double.NaN : (double) canary / both,
              ln[0],
              Math.log(1 / failAlpha),
              ln[1],
              Math.log(1 / alpha)));
      previous = end;
    }
    return out;
  }
}
