package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.observation.Distribution;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.stats.HarrellDavis;
import io.tollgate.rules.stats.LatencyBlocks;
import io.tollgate.rules.stats.TTestLikelihoodRatio;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sequential_quantile}: an anytime-valid comparison of one latency quantile with blocks of
 * intervals, not requests, as the unit. Per block j, {@code d_j = ln Q_canary − ln Q_baseline}
 * (negated when higher is better). FAIL when the sequential t-test likelihood ratio ({@link
 * TTestLikelihoodRatio}, alternative {@link #DELTA} block standard deviations) of {@code d − ln(1 +
 * minEffect)} reaches {@code 1/failAlpha}; PASS when that of {@code ln(1 + tolerance) − d} reaches
 * {@code 1/α}, i.e. a regression of {@code tolerance} or more is ruled out. The first boundary the
 * block sequence crosses decides.
 *
 * <p>Assumes the block log ratios are roughly normal and independent across blocks (a shared
 * slowdown of both sides cancels in the ratio; a canary slower only in some blocks shows as a
 * larger spread, which the t statistic accounts for).
 */
final class SequentialQuantileJudge {
  /**
   * The alternative of the likelihood ratio: a mean block log ratio 0.8 block standard deviations
   * beyond the null. Chosen once, on the regression the figures require a gate to catch,
   * not tuned per run: a +10 % p99 against minEffect 2 % is {@code ln 1.1 − ln 1.02 ≈ 0.076}, and
   * the log ratio of two p99 estimates from blocks of 800 log-normal values (sigma 0.5) per side
   * spreads by about 0.09, i.e. about 0.8 standard deviations. Larger effects are detected sooner
   * and smaller ones later; the error bound under the null holds whatever the value.
   */
  static final double DELTA = 0.8;

  /** Blocks needed before the t statistic is judged. */
  static final int MIN_BLOCKS = 3;

  private SequentialQuantileJudge() {}

  static double quantileOf(Sli sli, Statistical s) {
    return s.quantile() > 0 ? s.quantile() : sli.source().quantile().orElse(0.5);
  }

  /**
   * Values expected above the quantile in a block: enough for a usable per-block estimate, and
   * below the 10 of the design so that traffic of about 10/(1−q) requests per side and interval,
   * which a random split puts a little above or below it, still gives one block per interval.
   */
  static final double TAIL_VALUES = 8;

  /** Values per side a block needs for the {@code q}-quantile. */
  static double blockSize(double q) {
    return Math.ceil(TAIL_VALUES / (1 - q) - 1e-9);
  }

  /** Values per side a block needs: {@link #blockSize}, at least {@code minSamples}. */
  static double perBlock(Statistical s, double q) {
    return Math.max(s.minSamples(), blockSize(q));
  }

  /**
   * A block's {@code q}-quantile: the Harrell–Davis estimate, whose sampling error is smaller than
   * the sample quantile's (for a p99 of about 1,000 values, the noise that dominates a block's log
   * ratio).
   */
  static double blockQuantile(Distribution d, double q) {
    return q > 0 && q < 1 ? HarrellDavis.quantile(d, q) : d.quantile(q);
  }

  static Verdict judge(
      Sli sli, Statistical s, SliObservation obs, double failAlpha, boolean trajectory) {
    Measurement cm = obs.canary().get();
    Measurement bm = obs.baseline().get();
    if (cm.distribution().isEmpty() || bm.distribution().isEmpty()) {
      return Verdict.missing(
          "sequential_quantile needs samples, a histogram or a sketch on both sides");
    }
    double q = quantileOf(sli, s);
    String name = "p" + Numbers.format(q * 100);
    double alpha = 1 - s.confidence();
    double d0 = Math.log1p(s.minEffect());
    double d1 = Math.log1p(s.tolerance());
    double per = perBlock(s, q);
    Distribution cAll = cm.distribution().get();
    Distribution bAll = bm.distribution().get();
    Evidence.Builder e =
        new Evidence.Builder()
            .value("canary " + name, cAll.quantile(q))
            .value("baseline " + name, bAll.quantile(q))
            .samples("canary", cAll.count())
            .samples("baseline", bAll.count())
            .thresholds(
                "anytime-valid, blocks of intervals with >= "
                    + Numbers.format(per)
                    + " values per side, fail at e >= "
                    + Numbers.format(1 / failAlpha)
                    + ", minEffect "
                    + Numbers.format(s.minEffect())
                    + ", tolerance "
                    + Numbers.format(s.tolerance())
                    + " (pass at e >= "
                    + Numbers.format(1 / alpha)
                    + "), maxSamples "
                    + s.maxSamples());
    Optional<Verdict> tail = DistributionJudge.overflow(sli, name, q, cAll, bAll, e);
    if (tail.isPresent()) {
      return tail.get();
    }
    LatencyBlocks blocks = LatencyBlocks.of(cm.intervalsOrWhole(), bm.intervalsOrWhole(), per);
    int sign = sli.direction().worseSign();
    double fx = 0;
    double fxx = 0;
    double px = 0;
    double pxx = 0;
    double sumD = 0;
    double canarySeen = 0;
    List<TrajectoryPoint> points = new ArrayList<>();
    Outcome decided = null;
    int at = 0;
    double lnFail = Double.NEGATIVE_INFINITY;
    double lnPass = Double.NEGATIVE_INFINITY;
    for (LatencyBlocks.Block k : blocks.blocks()) {
      double qc = blockQuantile(k.canary(), q);
      double qb = blockQuantile(k.baseline(), q);
      if (LatencyBlocks.beyondLastBound(k.canary(), q)
          || LatencyBlocks.beyondLastBound(k.baseline(), q)) {
        return Verdict.of(
            Outcome.INCONCLUSIVE,
            "the "
                + name
                + " of the block at "
                + k.start()
                + " lies above the histogram's last bound "
                + Numbers.format(LatencyBlocks.lastBound(k.canary()))
                + AbsoluteJudge.unit(sli)
                + ", where its value is unknown; add buckets above it",
            e.build());
      }
      if (!(qc > 0 && qb > 0)) {
        return Verdict.of(
            Outcome.INCONCLUSIVE,
            "the " + name + " of a block is 0 or negative: a log ratio needs positive values",
            e.build());
      }
      double d = sign * (Math.log(qc) - Math.log(qb));
      sumD += d;
      fx += d - d0;
      fxx += (d - d0) * (d - d0);
      px += d1 - d;
      pxx += (d1 - d) * (d1 - d);
      canarySeen += k.canary().count();
      at++;
      if (at >= MIN_BLOCKS) {
        lnFail = TTestLikelihoodRatio.logGreater(at, fx, fxx, DELTA);
        lnPass =
            s.tolerance() > 0
                ? TTestLikelihoodRatio.logGreater(at, px, pxx, DELTA)
                : Double.NEGATIVE_INFINITY;
      }
      if (trajectory) {
        points.add(
            new TrajectoryPoint(
                k.start(),
                Math.round(canarySeen),
                k.canaryShare(),
                at >= MIN_BLOCKS ? lnFail : 0,
                Math.log(1 / failAlpha),
                at >= MIN_BLOCKS && s.tolerance() > 0 ? lnPass : s.tolerance() > 0 ? 0 : Double.NaN,
                s.tolerance() > 0 ? Math.log(1 / alpha) : Double.NaN));
      }
      if (at >= MIN_BLOCKS && decided == null) {
        if (lnFail >= Math.log(1 / failAlpha)) {
          decided = Outcome.FAIL;
          break;
        }
        if (lnPass >= Math.log(1 / alpha)) {
          decided = Outcome.PASS;
          break;
        }
      }
    }
    if (trajectory) {
      e.trajectory(thin(points));
    }
    if (at > 0) {
      e.effect(Math.expm1(sumD / at));
    }
    if (at >= MIN_BLOCKS) {
      e.statistic(Math.exp(Math.min(700, lnFail)));
    }
    String ratio =
        at == 0
            ? ""
            : "canary "
                + name
                + " "
                + (sumD >= 0 ? "+" : "")
                + StatisticalJudge.pct(Math.expm1(sumD / at))
                + " vs baseline (geometric mean) over "
                + at
                + " blocks";
    if (decided == Outcome.FAIL) {
      return Verdict.of(
          Outcome.FAIL,
          ratio
              + ": worse by more than minEffect "
              + StatisticalJudge.pct(s.minEffect())
              + " (e-value "
              + Numbers.format(Math.exp(Math.min(700, lnFail)))
              + " >= "
              + Numbers.format(1 / failAlpha)
              + " after "
              + Numbers.format(canarySeen)
              + " canary requests)",
          e.build());
    }
    if (decided == Outcome.PASS) {
      return Verdict.of(
          Outcome.PASS,
          ratio
              + ": a regression of "
              + StatisticalJudge.pct(s.tolerance())
              + " or more is ruled out (e-value "
              + Numbers.format(Math.exp(Math.min(700, lnPass)))
              + " >= "
              + Numbers.format(1 / alpha)
              + ")",
          e.build());
    }
    double seen = cAll.count();
    if (at < MIN_BLOCKS) {
      double more =
          (MIN_BLOCKS - at) * per - Math.min(blocks.pendingCanary(), blocks.pendingBaseline());
      e.needed((long) Math.ceil(Math.max(1, more)));
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          at
              + " of "
              + MIN_BLOCKS
              + " blocks (a block needs "
              + Numbers.format(per)
              + " values per side"
              + (cm.intervals().isEmpty() ? "; this source gave no per-interval data" : "")
              + "); about "
              + (long) Math.ceil(Math.max(1, more))
              + " more values per side",
          e.build());
    }
    if (seen >= s.maxSamples()) {
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          ratio
              + ": neither a regression beyond minEffect nor one of "
              + StatisticalJudge.pct(s.tolerance())
              + " ruled out after "
              + Numbers.format(seen)
              + " canary requests (maxSamples "
              + s.maxSamples()
              + "); the difference is probably between the two",
          e.build());
    }
    double mean = sumD / at;
    double var = Math.max(0, (fxx - fx * fx / at) / (at - 1));
    int blocksMore = blocksToRuling(mean, var, at, d0, d1, s.tolerance() > 0, failAlpha, alpha);
    long toGo = (long) Math.ceil(s.maxSamples() - seen);
    long more =
        blocksMore < 0 ? toGo : Math.min(toGo, (long) Math.ceil(blocksMore * canarySeen / at));
    e.needed(more);
    return Verdict.of(
        Outcome.INCONCLUSIVE,
        ratio
            + ": e-value "
            + Numbers.format(Math.exp(Math.min(700, lnFail)))
            + " < "
            + Numbers.format(1 / failAlpha)
            + (s.tolerance() > 0
                ? ", pass e-value " + Numbers.format(Math.exp(Math.min(700, lnPass)))
                : "")
            + "; keep watching: "
            + (blocksMore < 0
                ? "at the observed difference no ruling is in sight before maxSamples ("
                    + toGo
                    + " more canary requests)"
                : "about " + more + " more canary requests may decide at the observed difference"),
        e.build());
  }

  /**
   * Blocks still needed for a ruling if the block log ratios kept their observed mean and spread,
   * or -1 when neither boundary would be crossed within 50 times the blocks seen.
   */
  static int blocksToRuling(
      double mean,
      double var,
      int seen,
      double d0,
      double d1,
      boolean canPass,
      double failAlpha,
      double alpha) {
    // geometric steps keep it to about 20 evaluations: the answer is an estimate anyway
    for (int n = seen + 1; n <= 50 * seen; n = Math.max(n + 1, (int) Math.ceil(n * 1.2))) {
      double xf = mean - d0;
      double xp = d1 - mean;
      if (TTestLikelihoodRatio.logGreater(n, n * xf, n * (xf * xf + var), DELTA)
          >= Math.log(1 / failAlpha)) {
        return n - seen;
      }
      if (canPass
          && TTestLikelihoodRatio.logGreater(n, n * xp, n * (xp * xp + var), DELTA)
              >= Math.log(1 / alpha)) {
        return n - seen;
      }
    }
    return -1;
  }

  /** At most {@link TrajectoryPoint#MAX_POINTS} points, evenly spaced, keeping first and last. */
  static List<TrajectoryPoint> thin(List<TrajectoryPoint> points) {
    int max = TrajectoryPoint.MAX_POINTS;
    if (points.size() <= max) {
      return points;
    }
    List<TrajectoryPoint> out = new ArrayList<>(max);
    double step = (points.size() - 1) / (double) (max - 1);
    for (int i = 0; i < max; i++) {
      out.add(points.get((int) Math.round(i * step)));
    }
    return out;
  }
}
