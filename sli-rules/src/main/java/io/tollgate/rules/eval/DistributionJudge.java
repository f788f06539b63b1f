package io.tollgate.rules.eval;

import io.tollgate.rules.model.Direction;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.observation.Distribution;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.Sketch;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.stats.LatencyBlocks;
import io.tollgate.rules.stats.QuantileTest;
import io.tollgate.rules.stats.RankTest;
import java.util.List;
import java.util.Optional;

/**
 * Fixed-sample tests on distributions: Mann-Whitney and the one-sided quantile test. With
 * per-interval data on both sides they use blocks of intervals as the unit (cluster-robust);
 * without, each request is a unit and requests are assumed independent. FAIL needs a regression
 * beyond {@code minEffect} shown at the configured confidence; PASS needs a regression of {@code
 * tolerance} or more ruled out at the same confidence (non-inferiority); anything else is
 * INCONCLUSIVE with the samples still needed.
 */
final class DistributionJudge {
  /** Values per side a block needs for the rank test's per-block probabilistic index. */
  static final double RANK_BLOCK = 20;

  private DistributionJudge() {}

  static Verdict rank(Sli sli, Statistical s, SliObservation obs) {
    Measurement cm = obs.canary().get();
    Measurement bm = obs.baseline().get();
    Optional<Distribution> c = cm.distribution();
    Optional<Distribution> b = bm.distribution();
    if (c.isEmpty() || b.isEmpty()) {
      return Verdict.missing("mann_whitney needs samples, a histogram or a sketch on both sides");
    }
    var bc = c.get().bins();
    var bb = b.get().bins();
    double mc = c.get().quantile(0.5);
    double mb = b.get().quantile(0.5);
    Evidence.Builder e =
        new Evidence.Builder()
            .value("canary median", mc)
            .value("baseline median", mb)
            .samples("canary", bc.total())
            .samples("baseline", bb.total())
            .thresholds(thresholds(s, ""));
    if (!bc.scale().equals(bb.scale())) {
      return Verdict.error(
          "canary and baseline distributions are not comparable: "
              + bc.scale()
              + " vs "
              + bb.scale());
    }
    Optional<Verdict> few = tooFew(s, Math.min(bc.total(), bb.total()), "", e);
    if (few.isPresent()) {
      return few.get();
    }
    boolean higherWorse = sli.direction() == Direction.LOWER_IS_BETTER;
    double alpha = 1 - s.confidence();
    double shift =
        mb == 0
            ? (mc == mb ? 0 : Double.POSITIVE_INFINITY)
            : (mc - mb) / Math.abs(mb) * sli.direction().worseSign();
    e.effect(shift);
    // FAIL: canary worse than the baseline shifted by minEffect; PASS: canary better than the
    // baseline shifted by the tolerance.
    double failFactor = higherWorse ? 1 + s.minEffect() : 1 - s.minEffect();
    double passFactor = higherWorse ? 1 + s.tolerance() : 1 - s.tolerance();
    String medians =
        "canary median "
            + Numbers.format(mc)
            + AbsoluteJudge.unit(sli)
            + " vs baseline "
            + Numbers.format(mb);
    boolean worse;
    boolean ruledOut;
    String how;
    // how far the PASS statistic is from its critical value: samples scale its square
    double passZ;
    double passCrit;
    if (clustered(cm, bm)) {
      LatencyBlocks blocks =
          LatencyBlocks.of(cm.intervalsOrWhole(), bm.intervalsOrWhole(), RANK_BLOCK);
      int n = blocks.blocks().size();
      if (n < SequentialQuantileJudge.MIN_BLOCKS) {
        e.needed((long) ((SequentialQuantileJudge.MIN_BLOCKS - n) * RANK_BLOCK));
        return Verdict.of(
            Outcome.INCONCLUSIVE,
            n + " blocks of intervals with 20 values per side, 3 needed",
            e.build());
      }
      double[] worseIndex = new double[n];
      double[] passIndex = new double[n];
      double[] pi = new double[2];
      for (int j = 0; j < n; j++) {
        LatencyBlocks.Block k = blocks.blocks().get(j);
        // the block's probability that the canary is worse than the scaled baseline, both shifts
        RankTest.superiorities(k.canary(), k.baseline(), failFactor, passFactor, pi);
        worseIndex[j] = higherWorse ? pi[0] : 1 - pi[0];
        passIndex[j] = higherWorse ? pi[1] : 1 - pi[1];
      }
      QuantileTest.Result w = QuantileTest.perBlock(worseIndex);
      QuantileTest.Result p = QuantileTest.perBlock(passIndex);
      worse = w.above(0.5, alpha);
      ruledOut = s.tolerance() > 0 && p.below(0.5, alpha);
      passZ = p.se() > 0 ? (0.5 - p.logRatio()) / p.se() : Double.NaN;
      passCrit = p.critical(alpha);
      e.statistic(w.logRatio()).pValue(w.pAbove(0.5));
      how =
          "P(canary worse) "
              + Numbers.format(w.logRatio())
              + " over "
              + n
              + " blocks, t test across blocks p="
              + Numbers.format(w.pAbove(0.5));
    } else {
      RankTest.Result r = RankTest.shifted(c.get(), b.get(), failFactor);
      RankTest.Result rp = RankTest.shifted(c.get(), b.get(), passFactor);
      double p = higherWorse ? r.pGreater() : r.pLess();
      worse = p < alpha;
      ruledOut = s.tolerance() > 0 && (higherWorse ? rp.pLess() : rp.pGreater()) < alpha;
      passZ = higherWorse ? -rp.z() : rp.z();
      passCrit = new QuantileTest.Result(0, 1, Double.POSITIVE_INFINITY, 1).critical(alpha);
      e.statistic(r.u()).pValue(p);
      how =
          "Mann-Whitney p="
              + Numbers.format(p)
              + ", P(worse than the baseline shifted by minEffect)="
              + Numbers.format(higherWorse ? r.superiority() : 1 - r.superiority())
              + ", requests assumed independent";
    }
    if (worse) {
      return Verdict.of(
          Outcome.FAIL,
          medians
              + ": canary is worse beyond minEffect "
              + StatisticalJudge.pct(s.minEffect())
              + " at confidence "
              + Numbers.format(s.confidence())
              + " ("
              + how
              + ")",
          e.build());
    }
    if (ruledOut) {
      return Verdict.of(
          Outcome.PASS,
          medians
              + ": a shift of "
              + StatisticalJudge.pct(s.tolerance())
              + " or more is ruled out ("
              + how
              + ")",
          e.build());
    }
    return stillNeeded(
        medians
            + ": neither worse beyond minEffect "
            + StatisticalJudge.pct(s.minEffect())
            + " nor a shift of "
            + StatisticalJudge.pct(s.tolerance())
            + " ruled out yet ("
            + how
            + ")",
        s.tolerance() > 0 ? passZ : Double.NaN,
        passCrit,
        Math.min(bc.total(), bb.total()),
        e);
  }

  static Verdict quantile(Sli sli, Statistical s, SliObservation obs) {
    Measurement cm = obs.canary().get();
    Measurement bm = obs.baseline().get();
    Optional<Distribution> c = cm.distribution();
    Optional<Distribution> b = bm.distribution();
    if (c.isEmpty() || b.isEmpty()) {
      return Verdict.missing(
          "a quantile test needs samples, a histogram or a sketch on both sides");
    }
    double q = s.quantile();
    String name = "p" + Numbers.format(q * 100);
    Evidence.Builder e =
        new Evidence.Builder()
            .value("canary " + name, c.get().quantile(q))
            .value("baseline " + name, b.get().quantile(q))
            .samples("canary", c.get().count())
            .samples("baseline", b.get().count())
            .thresholds(thresholds(s, "quantile " + Numbers.format(q) + ", "));
    Optional<Verdict> few =
        tooFew(s, Math.min(c.get().count(), b.get().count()), " for " + name, e);
    if (few.isPresent()) {
      return few.get();
    }
    Optional<Verdict> tail = overflow(sli, name, q, c.get(), b.get(), e);
    if (tail.isPresent()) {
      return tail.get();
    }
    int sign = sli.direction().worseSign();
    QuantileTest.Result r;
    String unit;
    if (clustered(cm, bm)) {
      // minSamples is the whole window's minimum here, not a block's
      double per = SequentialQuantileJudge.blockSize(q);
      if (sketches(cm) && sketches(bm)) {
        // no overflow bucket in a sketch: the block quantiles alone, without merged sketches
        double[][] qs =
            LatencyBlocks.quantiles(cm.intervalsOrWhole(), bm.intervalsOrWhole(), per, q);
        if (qs.length < SequentialQuantileJudge.MIN_BLOCKS) {
          return tooFewBlocks(qs.length, per, name, e);
        }
        double[] d = new double[qs.length];
        for (int j = 0; j < d.length; j++) {
          d[j] = sign * (Math.log(qs[j][0]) - Math.log(qs[j][1]));
        }
        r = QuantileTest.perBlock(d);
        unit = qs.length + " blocks of intervals";
      } else {
        LatencyBlocks blocks = LatencyBlocks.of(cm.intervalsOrWhole(), bm.intervalsOrWhole(), per);
        List<LatencyBlocks.Block> list = blocks.blocks();
        if (list.size() < SequentialQuantileJudge.MIN_BLOCKS) {
          return tooFewBlocks(list.size(), per, name, e);
        }
        double[] d = new double[list.size()];
        for (int j = 0; j < d.length; j++) {
          LatencyBlocks.Block k = list.get(j);
          Optional<Verdict> t = overflow(sli, name, q, k.canary(), k.baseline(), e);
          if (t.isPresent()) {
            return t.get();
          }
          d[j] = sign * (Math.log(k.canary().quantile(q)) - Math.log(k.baseline().quantile(q)));
        }
        r = QuantileTest.perBlock(d);
        unit = list.size() + " blocks of intervals";
      }
    } else {
      QuantileTest.Result raw = QuantileTest.perRequest(c.get(), b.get(), q);
      r = new QuantileTest.Result(sign * raw.logRatio(), raw.se(), raw.df(), raw.units());
      unit = "requests assumed independent";
    }
    if (!Double.isFinite(r.logRatio())) {
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          "the "
              + name
              + " is 0 or negative on a side: a relative difference needs positive values",
          e.build());
    }
    double alpha = 1 - s.confidence();
    double d0 = Math.log1p(s.minEffect());
    double d1 = Math.log1p(s.tolerance());
    double crit = r.critical(alpha);
    e.effect(Math.expm1(r.logRatio()))
        .ci(Math.expm1(r.logRatio() - crit * r.se()), Math.expm1(r.logRatio() + crit * r.se()))
        .pValue(r.pAbove(d0))
        .statistic(r.se() > 0 ? (r.logRatio() - d0) / r.se() : Double.NaN);
    String text =
        "canary "
            + name
            + " "
            + Numbers.format(c.get().quantile(q))
            + AbsoluteJudge.unit(sli)
            + " vs baseline "
            + Numbers.format(b.get().quantile(q))
            + " ("
            + StatisticalJudge.pct(Math.expm1(r.logRatio()))
            + ", one-sided bounds ["
            + StatisticalJudge.pct(Math.expm1(r.logRatio() - crit * r.se()))
            + ", "
            + StatisticalJudge.pct(Math.expm1(r.logRatio() + crit * r.se()))
            + "] at confidence "
            + Numbers.format(s.confidence())
            + ", "
            + unit
            + ")";
    if (r.above(d0, alpha)) {
      return Verdict.of(
          Outcome.FAIL,
          text + ": worse beyond minEffect " + StatisticalJudge.pct(s.minEffect()),
          e.build());
    }
    if (s.tolerance() > 0 && r.below(d1, alpha)) {
      return Verdict.of(
          Outcome.PASS,
          text + ": a regression of " + StatisticalJudge.pct(s.tolerance()) + " is ruled out",
          e.build());
    }
    return stillNeeded(
        text
            + ": neither worse beyond "
            + StatisticalJudge.pct(s.minEffect())
            + " nor a "
            + StatisticalJudge.pct(s.tolerance())
            + " regression ruled out",
        r.se() > 0 ? (d1 - r.logRatio()) / r.se() : Double.NaN,
        crit,
        Math.min(c.get().count(), b.get().count()),
        e);
  }

  private static Verdict tooFewBlocks(int blocks, double per, String name, Evidence.Builder e) {
    e.needed((long) Math.ceil((SequentialQuantileJudge.MIN_BLOCKS - blocks) * per));
    return Verdict.of(
        Outcome.INCONCLUSIVE,
        blocks
            + " blocks of intervals with "
            + Numbers.format(per)
            + " values per side, 3 needed for "
            + name,
        e.build());
  }

  /**
   * The INCONCLUSIVE verdict of both tests, with the samples per side that may rule out the
   * tolerance: the PASS statistic {@code passZ} grows like √n, so it reaches the critical value
   * {@code crit} at about (crit / passZ)² times the {@code have} samples. With {@code passZ} not
   * positive (or NaN: no tolerance, no spread) no number of samples is promised.
   */
  private static Verdict stillNeeded(
      String text, double passZ, double crit, double have, Evidence.Builder e) {
    String more;
    if (passZ > 0) {
      long needed = (long) Math.ceil(Math.max(1, (Math.pow(crit / passZ, 2) - 1) * have));
      e.needed(needed);
      more = "about " + needed + " more samples per side may rule out the tolerance";
    } else {
      more = "the difference is near or above the tolerance; more samples may show it worse";
    }
    return Verdict.of(Outcome.INCONCLUSIVE, text + "; " + more, e.build());
  }

  /**
   * INCONCLUSIVE when the {@code q}-quantile of a side lies in a histogram's overflow bucket: its
   * value is unknown, a histogram would report its last finite bound.
   */
  static Optional<Verdict> overflow(
      Sli sli, String name, double q, Distribution c, Distribution b, Evidence.Builder e) {
    boolean cOver = LatencyBlocks.beyondLastBound(c, q);
    boolean bOver = LatencyBlocks.beyondLastBound(b, q);
    if (!cOver && !bOver) {
      return Optional.empty();
    }
    Distribution d = cOver ? c : b;
    return Optional.of(
        Verdict.of(
            Outcome.INCONCLUSIVE,
            "the "
                + (cOver && bOver
                    ? "canary's and baseline's "
                    : cOver ? "canary's " : "baseline's ")
                + name
                + " lies above the histogram's last bound "
                + Numbers.format(LatencyBlocks.lastBound(d))
                + AbsoluteJudge.unit(sli)
                + " (in the +Inf bucket), so its value is unknown; add buckets above it",
            e.build()));
  }

  /** Every interval's distribution is a sketch. */
  private static boolean sketches(Measurement m) {
    for (Interval i : m.intervals()) {
      if (i.distribution().isPresent() && !(i.distribution().get() instanceof Sketch)) {
        return false;
      }
    }
    return true;
  }

  /** Both sides came interval by interval (at least two), so blocks can be the unit. */
  static boolean clustered(Measurement c, Measurement b) {
    return c.intervals().size() > 1 && b.intervals().size() > 1;
  }

  private static Optional<Verdict> tooFew(
      Statistical s, double have, String what, Evidence.Builder e) {
    if (have >= s.minSamples()) {
      return Optional.empty();
    }
    long needed = (long) Math.ceil(s.minSamples() - have);
    e.needed(needed);
    return Optional.of(
        Verdict.of(
            Outcome.INCONCLUSIVE,
            Numbers.format(have)
                + " samples on the smaller side, "
                + s.minSamples()
                + " needed (minSamples)"
                + what
                + "; "
                + needed
                + " more",
            e.build()));
  }

  private static String thresholds(Statistical s, String prefix) {
    return prefix
        + "confidence "
        + Numbers.format(s.confidence())
        + ", minEffect "
        + Numbers.format(s.minEffect())
        + ", tolerance "
        + Numbers.format(s.tolerance())
        + ", minSamples "
        + s.minSamples();
  }
}
