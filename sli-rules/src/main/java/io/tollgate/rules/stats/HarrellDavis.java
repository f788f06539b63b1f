package io.tollgate.rules.stats;

import io.tollgate.rules.observation.Bins;
import io.tollgate.rules.observation.Distribution;
import io.tollgate.rules.observation.Histogram;
import org.hipparchus.special.Beta;

/**
 * The Harrell–Davis quantile estimator (Harrell and Davis 1982, Biometrika 69(3)): the {@code
 * q}-quantile as a weighted average of all order statistics, with the weights of a Beta({@code
 * (n+1)q}, {@code (n+1)(1−q)}) distribution over the ranks. It has a smaller variance than the
 * sample quantile (one or two order statistics), most of all in the tails, at the cost of a little
 * bias towards the neighbouring values; for a p99 of about 1,000 values it is the estimate the
 * latency blocks use.
 *
 * <p>Computed over a distribution's {@link Bins}, in one pass (linear in the number of bins; the
 * Beta weight is evaluated only on the bins where it is above 1e-15, found by bisection): a bin
 * whose values fill the cumulative fractions {@code (F_lo, F_hi]} gets the weight {@code
 * I_{F_hi}(a,b) − I_{F_lo}(a,b)}. For raw samples each bin is one distinct value, so this is the
 * exact estimator ({@code scipy.stats.mstats.hdquantiles}); for a DDSketch each bin's value is its
 * representative value (within the sketch's relative accuracy). A histogram is taken as uniform
 * within each bucket, as its own quantile is, so a bucket contributes the Beta-weighted mean of the
 * linearly interpolated values; its overflow bucket ({@code +Inf}) counts at the last finite bound,
 * as the histogram's own quantile does there. Whether the quantile itself lies in the overflow
 * bucket is for the caller to check ({@link LatencyBlocks#beyondLastBound}).
 *
 * <pre>{@code
 * double p99 = HarrellDavis.quantile(block.canary(), 0.99);
 * }</pre>
 */
public final class HarrellDavis {
  private HarrellDavis() {}

  /** The Harrell–Davis {@code q}-quantile of {@code d}, {@code 0 < q < 1}; NaN when empty. */
  public static double quantile(Distribution d, double q) {
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("q must lie in (0, 1), got " + q);
    }
    double n = d.count();
    if (!(n > 0)) {
      return Double.NaN;
    }
    double a = (n + 1) * q;
    double b = (n + 1) * (1 - q);
    return d instanceof Histogram h ? histogram(h, n, a, b) : bins(d.bins(), n, a, b);
  }

  private static double bins(Bins bins, double n, double a, double b) {
    double[] keys = bins.keys();
    double[] counts = bins.counts();
    double[] cum = new double[keys.length];
    double c = 0;
    for (int i = 0; i < keys.length; i++) {
      c += counts[i];
      cum[i] = Math.min(1, c / n);
    }
    // the Beta weights are concentrated near q: skip the bins whose weights add up to less than
    // TAIL on either side (found by bisection, as the weights' cumulative sum rises with the rank)
    int from = firstAbove(cum, TAIL, a, b);
    int to = firstAbove(cum, 1 - TAIL, a, b);
    double lower = from == 0 ? 0 : cdf(cum[from - 1], a, b);
    double sum = 0;
    for (int i = from; i <= to && i < keys.length; i++) {
      double upper = cdf(cum[i], a, b);
      sum += (upper - lower) * keys[i];
      lower = upper;
    }
    return sum;
  }

  /** Weight left out on each side of the bins that count: far below a double's precision of 1. */
  private static final double TAIL = 1e-15;

  /** The first index whose cumulative weight exceeds {@code level} (the last one if none does). */
  private static int firstAbove(double[] cum, double level, double a, double b) {
    int lo = 0;
    int hi = cum.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf(cum[mid], a, b) > level) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * A histogram, uniform within each bucket: {@code ∫ Q(u) β(u; a, b) du} with {@code Q} linear
   * from {@code lo} to {@code hi} over {@code (F_lo, F_hi]}, using {@code ∫ u β(u; a, b) du =
   * a/(a+b) · dI(a+1, b)}.
   */
  private static double histogram(Histogram h, double n, double a, double b) {
    double[] bounds = h.bounds();
    long[] counts = h.counts();
    double mean = a / (a + b);
    double cum = 0;
    double lowerI = 0;
    double lowerI1 = 0;
    double sum = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      double fLo = cum / n;
      cum += counts[i];
      double fHi = Math.min(1, cum / n);
      double upperI = cdf(fHi, a, b);
      double w = upperI - lowerI;
      if (i == bounds.length) {
        sum += w * (bounds.length == 0 ? Double.NaN : bounds[bounds.length - 1]);
      } else {
        double lo = i == 0 ? Math.min(0, bounds[0]) : bounds[i - 1];
        double hi = bounds[i];
        double upperI1 = cdf(fHi, a + 1, b);
        // Q(u) = lo + (hi − lo)(u − fLo)/(fHi − fLo) on the bucket
        double slope = (hi - lo) / (fHi - fLo);
        double firstMoment = mean * (upperI1 - lowerI1);
        sum += w * (lo - slope * fLo) + slope * firstMoment;
        lowerI1 = upperI1;
      }
      lowerI = upperI;
    }
    return sum;
  }

  private static double cdf(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    return Beta.regularizedBeta(x, a, b);
  }
}
