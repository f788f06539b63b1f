package io.tollgate.rules.stats;

import org.hipparchus.distribution.continuous.TDistribution;

/**
 * The one-sample t-test Bayes factor with a normal prior on the standardized effect (Rouder et al.
 * 2009, fixed {@code g}) and the right-Haar prior {@code 1/σ} on the scale, used as an
 * anytime-valid e-process: it depends on the data only through the scale-invariant t statistic, and
 * Pérez-Ortiz, Lardy, de Heide and Grünwald (2024) show that it is then a test martingale under
 * "mean 0" for every unknown {@code σ}. By Ville's inequality {@code P(sup_n E_n >= 1/α) <= α}, so
 * it may be checked after every new observation.
 *
 * <pre>{@code
 * double[] d = {0.12, 0.08, 0.15, 0.02};            // per-block log ratios minus the null shift
 * double lnE = TTestBayesFactor.logGreater(d.length, sum(d), sumOfSquares(d), 0.5);
 * boolean fail = lnE >= Math.log(1 / 0.05);
 * }</pre>
 *
 * <p>Model: {@code x_i ~ N(δσ, σ²)} independent; H0: {@code δ = 0}. The two-sided alternative puts
 * {@code δ ~ N(0, g)}; the one-sided one puts a half-normal on {@code δ > 0}. With {@code n}
 * observations, {@code T = Σx}, {@code S = Σx²}, {@code a = n + 1/g}:
 *
 * <pre>
 *   BF       = (1 + n·g)^(-1/2) · (1 − T²/(a·S))^(−n/2)          (Rouder's formula in t)
 *   BF_greater = BF · 2 · F_{t, n}( T·sqrt(n) / sqrt(a·S − T²) )   (F = Student t CDF, n df)
 * </pre>
 *
 * The one-sided factor is increasing in the t statistic, so it also bounds the error for any true
 * effect below 0 (a one-sided null).
 */
public final class TTestBayesFactor {
  private TTestBayesFactor() {}

  /**
   * ln of the two-sided Bayes factor (Rouder's fixed-g formula) for {@code n >= 2} observations.
   *
   * @param n the number of observations
   * @param sum their sum
   * @param sumOfSquares the sum of their squares
   * @param g the prior variance of the standardized effect
   */
  public static double logTwoSided(int n, double sum, double sumOfSquares, double g) {
    check(n, g);
    if (!(sumOfSquares > 0)) {
      return -0.5 * Math.log1p(n * g);
    }
    double a = n + 1 / g;
    double frac = Math.min(1.0, sum * sum / (a * sumOfSquares));
    return -0.5 * Math.log1p(n * g) - 0.5 * n * Math.log1p(-frac);
  }

  /**
   * ln of the one-sided Bayes factor for a positive mean (half-normal prior on {@code δ > 0}).
   *
   * @param n the number of observations ({@code >= 2})
   * @param sum their sum
   * @param sumOfSquares the sum of their squares
   * @param g the prior variance of the standardized effect before folding to {@code δ > 0}
   */
  public static double logGreater(int n, double sum, double sumOfSquares, double g) {
    double two = logTwoSided(n, sum, sumOfSquares, g);
    if (!(sumOfSquares > 0)) {
      return two;
    }
    double a = n + 1 / g;
    double rest = a * sumOfSquares - sum * sum;
    double k = rest > 0 ? sum * Math.sqrt(n) / Math.sqrt(rest) : Math.copySign(1e300, sum);
    double cdf = new TDistribution(n).cumulativeProbability(k);
    return two + Math.log(2 * cdf);
  }

  private static void check(int n, double g) {
    if (n < 2 || !(g > 0)) {
      throw new IllegalArgumentException("need n >= 2 and g > 0");
    }
  }
}
