package io.tollgate.rules.stats;

import io.tollgate.rules.observation.Bins;

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

  /** Tests {@code x} against {@code y}. Both need at least one observation. */
  public static Result test(Bins x, Bins y) {
    double n1 = x.total();
    double n2 = y.total();
    if (!(n1 > 0 && n2 > 0)) {
      throw new IllegalArgumentException("both samples need observations");
    }
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
    double n = n1 + n2;
    double u = r1 - n1 * (n1 + 1) / 2;
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
}
