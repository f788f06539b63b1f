package io.tollgate.rules.stats;

import io.tollgate.rules.observation.Bins;
import io.tollgate.rules.observation.Distribution;
import io.tollgate.rules.observation.Histogram;
import io.tollgate.rules.observation.Sketch;

/**
 * Mann-Whitney U on binned data, with the tie correction of the variance and a continuity
 * correction: the normal approximation SciPy's {@code mannwhitneyu(method="asymptotic")} and R's
 * {@code wilcox.test(exact = FALSE, correct = TRUE)} use. Raw samples are bins of distinct values;
 * a histogram bucket or a sketch bin is one group of ties.
 *
 * <p>Linear in the number of bins: the inputs are already sorted.
 */
public final class RankTest {
  private RankTest() {}

  /**
   * The test's outcome.
   *
   * @param u U of the first sample ({@code R1 - n1(n1+1)/2})
   * @param z the continuity-corrected statistic for "first is greater"
   * @param pGreater one-sided p-value for "first is stochastically greater"
   * @param pLess one-sided p-value for "first is stochastically smaller"
   * @param pTwoSided two-sided p-value
   * @param superiority P(X &gt; Y) + P(X = Y)/2, the common-language effect size
   * @param n1 size of the first sample
   * @param n2 size of the second sample
   */
  public record Result(
      double u,
      double z,
      double pGreater,
      double pLess,
      double pTwoSided,
      double superiority,
      double n1,
      double n2) {}

  /**
   * P(X &gt; Y·factor) + P(X = Y·factor)/2 alone, without the test's p-values (which cost three
   * error-function evaluations): the per-block effect of the cluster-robust test.
   */
  public static double superiority(Distribution x, Distribution y, double factor) {
    if (factor > 0 && !(x instanceof Histogram) && !(y instanceof Histogram)) {
      // scaling keeps the bins sorted: walk them scaled in place instead of copying them
      Bins bx = x.bins();
      Bins by = y.bins();
      return scaledU(bx, by, factor) / (bx.total() * by.total());
    }
    Bins bx = factor == 1 ? x.bins() : spread(x, 1);
    Bins by = factor == 1 ? y.bins() : spread(y, factor);
    return rankSum(bx, by)[0] / (bx.total() * by.total());
  }

  /**
   * {@link #superiority} at two factors at once, {@code out[0]} for {@code factor1} and {@code
   * out[1]} for {@code factor2}, equal to two calls exactly: one walk over {@code x}'s bins serves
   * both (the FAIL and PASS shifts of the per-block effect).
   */
  public static void superiorities(
      Distribution x, Distribution y, double factor1, double factor2, double[] out) {
    if (factor1 > 0
        && factor2 > 0
        && x instanceof Sketch sx
        && y instanceof Sketch sy
        && Sketch.scaledU2(sx, sy, factor1, factor2, out)) {
      double n = sx.count() * sy.count();
      out[0] /= n;
      out[1] /= n;
      return;
    }
    if (factor1 > 0 && factor2 > 0 && !(x instanceof Histogram) && !(y instanceof Histogram)) {
      Bins bx = x.bins();
      Bins by = y.bins();
      scaledU2(bx, by, factor1, factor2, out);
      double n = bx.total() * by.total();
      out[0] /= n;
      out[1] /= n;
      return;
    }
    out[0] = superiority(x, y, factor1);
    out[1] = superiority(x, y, factor2);
  }

  /** {@link #scaledU} at two factors in one walk over {@code x}: {@code out[0]}, {@code out[1]}. */
  static void scaledU2(Bins x, Bins y, double f1, double f2, double[] out) {
    double[] kx = x.keys();
    double[] cx = x.counts();
    double[] ky = y.keys();
    double[] cy = y.counts();
    int m = ky.length;
    int j1 = 0;
    int j2 = 0;
    double below1 = 0;
    double below2 = 0;
    double u1 = 0;
    double u2 = 0;
    for (int i = 0; i < kx.length; i++) {
      double key = kx[i];
      while (j1 < m && ky[j1] * f1 < key) {
        below1 += cy[j1++];
      }
      while (j2 < m && ky[j2] * f2 < key) {
        below2 += cy[j2++];
      }
      double equal1 = 0;
      for (int k = j1; k < m && ky[k] * f1 == key; k++) {
        equal1 += cy[k];
      }
      double equal2 = 0;
      for (int k = j2; k < m && ky[k] * f2 == key; k++) {
        equal2 += cy[k];
      }
      u1 += cx[i] * (below1 + equal1 / 2);
      u2 += cx[i] * (below2 + equal2 / 2);
    }
    out[0] = u1;
    out[1] = u2;
  }

  /**
   * {@code U} of {@code x} against {@code y·factor} ({@code factor > 0}) as a count: for each bin
   * of {@code x}, the values of {@code y·factor} below it and half of those equal to it. Equal to
   * {@link #rankSum}'s {@code R1 − n1(n1+1)/2} exactly while counts are whole or halves (sums of
   * such values are exact in a double), without the tie term or the midranks a p-value needs.
   */
  static double scaledU(Bins x, Bins y, double factor) {
    double[] kx = x.keys();
    double[] cx = x.counts();
    double[] ky = y.keys();
    double[] cy = y.counts();
    int j = 0;
    double below = 0; // y values (scaled) strictly below the current x key
    double u = 0;
    for (int i = 0; i < kx.length; i++) {
      double key = kx[i];
      while (j < ky.length && ky[j] * factor < key) {
        below += cy[j++];
      }
      double equal = 0;
      for (int k = j; k < ky.length && ky[k] * factor == key; k++) {
        equal += cy[k];
      }
      u += cx[i] * (below + equal / 2);
    }
    return u;
  }

  /**
   * {@code U} of {@code x} and the tie term {@code Σ(t³ - t)}, in one linear pass over both sides'
   * sorted bins.
   */
  static double[] rankSum(Bins x, Bins y) {
    double n1 = x.total();
    double[] kx = x.keys();
    double[] cx = x.counts();
    double[] ky = y.keys();
    double[] cy = y.counts();
    int i = 0;
    int j = 0;
    double below = 0; // observations ranked before the current tie group
    double r1 = 0;
    double ties = 0;
    while (i < kx.length || j < ky.length) {
      double key;
      if (j >= ky.length || (i < kx.length && kx[i] < ky[j])) {
        key = kx[i];
      } else {
        key = ky[j];
      }
      double a = 0;
      double b = 0;
      while (i < kx.length && kx[i] == key) {
        a += cx[i++];
      }
      while (j < ky.length && ky[j] == key) {
        b += cy[j++];
      }
      double t = a + b;
      double midrank = below + (t + 1) / 2;
      r1 += a * midrank;
      ties += t * t * t - t;
      below += t;
    }
    return new double[] {r1 - n1 * (n1 + 1) / 2, ties};
  }

  /** Tests {@code x} against {@code y}. Both need at least one observation. */
  public static Result test(Bins x, Bins y) {
    double n1 = x.total();
    double n2 = y.total();
    if (!(n1 > 0 && n2 > 0)) {
      throw new IllegalArgumentException("both samples need observations");
    }
    double[] sum = rankSum(x, y);
    double ties = sum[1];
    double n = n1 + n2;
    double u = sum[0];
    double mu = n1 * n2 / 2;
    double variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
    double sigma = Math.sqrt(Math.max(0, variance));
    double pGreater;
    double pLess;
    double z;
    if (sigma == 0) {
      z = 0;
      pGreater = 1;
      pLess = 1;
    } else {
      z = (u - mu - 0.5) / sigma;
      pGreater = Normal.upperTail(z);
      pLess = Normal.upperTail((mu - u - 0.5) / sigma);
    }
    double zTwo = sigma == 0 ? 0 : (Math.abs(u - mu) - 0.5) / sigma;
    double pTwo = sigma == 0 ? 1 : Math.min(1, 2 * Normal.upperTail(zTwo));
    return new Result(u, z, pGreater, pLess, pTwo, u / (n1 * n2), n1, n2);
  }

  /** A copy of {@code b} with every key times {@code factor}. */
  static Bins scale(Bins b, double factor) {
    double[] keys = b.keys().clone();
    for (int i = 0; i < keys.length; i++) {
      keys[i] *= factor;
    }
    return new Bins(keys, b.counts(), b.total(), b.scale() + "x" + factor);
  }

  /** Sub-points per histogram bucket when a histogram is spread. */
  private static final int SPREAD = 8;

  /**
   * {@code x} against {@code y} with every value of {@code y} multiplied by {@code factor}: the
   * test of "x is worse than y shifted by a relative effect". With {@code factor} 1 the bins are
   * compared as they are (equal histogram buckets are ties). A scaled histogram no longer shares
   * the other's buckets, so both sides then spread each bucket's values evenly over it, the
   * assumption Prometheus' {@code histogram_quantile} makes; values above the last bound stay at
   * +Inf on both sides.
   */
  public static Result shifted(Distribution x, Distribution y, double factor) {
    if (factor == 1) {
      return test(x.bins(), y.bins());
    }
    return test(spread(x, 1), spread(y, factor));
  }

  /** The bins of {@code d} times {@code factor}; histogram buckets spread evenly. */
  static Bins spread(Distribution d, double factor) {
    Bins b = d.bins();
    if (!(d instanceof Histogram h)) {
      return scale(b, factor);
    }
    double[] bounds = h.bounds();
    long[] counts = h.counts();
    double[] keys = new double[bounds.length * SPREAD + 1];
    double[] c = new double[keys.length];
    for (int i = 0; i < bounds.length; i++) {
      double lower = i == 0 ? Math.min(0, bounds[0]) : bounds[i - 1];
      for (int k = 0; k < SPREAD; k++) {
        keys[i * SPREAD + k] = factor * (lower + (k + 0.5) / SPREAD * (bounds[i] - lower));
        c[i * SPREAD + k] = counts[i] / (double) SPREAD;
      }
    }
    keys[keys.length - 1] = Double.POSITIVE_INFINITY;
    c[keys.length - 1] = counts[counts.length - 1];
    return new Bins(keys, c, b.total(), b.scale() + " spread x" + factor);
  }
}
