package io.tollgate.rules.stats;

import org.hipparchus.special.Gamma;

/**
 * The sequential t-test likelihood ratio: the density of the t statistic under a point alternative
 * {@code δ} (the mean in standard deviations) over its density under "mean 0", i.e. the noncentral
 * t density (noncentrality {@code δ·√n}, {@code n − 1} degrees of freedom) over the central t
 * density at the observed t. The t statistic is the maximal invariant of the data under a change of
 * scale, so this is the likelihood ratio of the scale-invariant data; it does not depend on the
 * unknown standard deviation. Lai (1976, "On confidence sequences", the invariant SPRT) and
 * Pérez-Ortiz, Lardy, de Heide and Grünwald (2024, "E-statistics, group invariance and
 * anytime-valid testing", Annals of Statistics) show that the sequence of these ratios is a
 * nonnegative martingale with mean 1 under "mean 0" for every {@code σ}, with respect to the
 * filtration of the scale-invariant statistics: an e-process. By Ville's inequality {@code P(sup_n
 * E_n >= 1/α) <= α}, so it may be checked after every new observation.
 *
 * <pre>{@code
 * double[] d = {0.12, 0.08, 0.15, 0.02};            // per-block log ratios minus the null shift
 * double lnE = TTestLikelihoodRatio.logGreater(d.length, sum(d), sumOfSquares(d), 0.8);
 * boolean fail = lnE >= Math.log(1 / 0.05);
 * }</pre>
 *
 * <p>Model: {@code x_i ~ N(δσ, σ²)} independent; H0: {@code δ = 0}, alternative: the fixed {@code δ
 * > 0}. With {@code ν = n − 1}, {@code μ = δ·√n} and {@code y = t/√(ν + t²) = Σx/√(n·Σx²)}, the
 * ratio of the two t densities is
 *
 * <pre>
 *   LR = exp(−μ²/2) · H_ν(μ·y) / H_ν(0),   H_ν(z) = ∫₀^∞ u^ν · exp(−u²/2 + z·u) du,
 *   H_ν(0) = 2^((ν−1)/2) · Γ((ν+1)/2)
 * </pre>
 *
 * (write T = (Z + μ)/√(V/ν) and integrate over the chi variable √V). {@code H_ν(z)} is computed in
 * log space by the trapezoidal rule after the substitution {@code u = e^s}, which makes the
 * integrand analytic and decaying on the whole real line, where the trapezoidal rule converges
 * geometrically; the step is a third of the width of the integrand's peak and the sum stops once
 * terms fall below {@code e^-45} of the peak. Accurate to about 1e-10 relative (checked against
 * SciPy's noncentral t in {@code TTestLikelihoodRatioSpec}); finite for every {@code t}, including
 * {@code ±∞}. The ratio increases with the t statistic, so a true mean below 0 crosses {@code 1/α}
 * even less often (a one-sided null).
 */
public final class TTestLikelihoodRatio {
  private TTestLikelihoodRatio() {}

  /** Terms below {@code e^-CUTOFF} of the peak are left out of the sum. */
  private static final double CUTOFF = 45;

  /**
   * ln of the likelihood ratio for {@code n >= 2} observations with the given sum and sum of
   * squares, for the point alternative {@code δ > 0}. All zeros count as {@code t = 0}.
   *
   * @param n the number of observations
   * @param sum their sum
   * @param sumOfSquares the sum of their squares
   * @param delta the alternative's mean in standard deviations
   */
  public static double logGreater(int n, double sum, double sumOfSquares, double delta) {
    check(n, delta);
    double y = sumOfSquares > 0 ? sum / Math.sqrt(n * sumOfSquares) : 0;
    return logRatioAtY(n, Math.max(-1, Math.min(1, y)), delta);
  }

  /**
   * ln of the ratio of the noncentral t density (noncentrality {@code δ·√n}, {@code n − 1} degrees
   * of freedom) to the central one at {@code t}.
   *
   * @param t the t statistic (may be infinite)
   * @param n the number of observations ({@code >= 2})
   * @param delta the alternative's mean in standard deviations
   */
  public static double logRatio(double t, int n, double delta) {
    check(n, delta);
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t is NaN");
    }
    // beyond 1e150, t² overflows and y is ±1 to double precision
    double y = Math.abs(t) > 1e150 ? Math.signum(t) : t / Math.sqrt((n - 1) + t * t);
    return logRatioAtY(n, y, delta);
  }

  private static double logRatioAtY(int n, double y, double delta) {
    double nu = n - 1;
    double mu = delta * Math.sqrt(n);
    double h0 = 0.5 * (nu - 1) * Math.log(2) + Gamma.logGamma(0.5 * (nu + 1));
    return -0.5 * mu * mu + logH(nu, mu * y) - h0;
  }

  /**
   * {@code ln ∫₀^∞ u^ν exp(−u²/2 + z·u) du} for {@code ν >= 1}, as {@code ln ∫ exp(g(s)) ds} with
   * {@code g(s) = (ν+1)s − e^{2s}/2 + z·e^s}.
   */
  static double logH(double nu, double z) {
    double a = nu + 1;
    // peak of g: e^{2s} − z·e^s − (ν+1) = 0
    double u =
        z >= 0 ? 0.5 * (z + Math.sqrt(z * z + 4 * a)) : 2 * a / (-z + Math.sqrt(z * z + 4 * a));
    double s0 = Math.log(u);
    double g0 = a * s0 - 0.5 * u * u + z * u;
    double h = 1 / (3 * Math.sqrt(u * u + a)); // a third of the peak's width, 1/sqrt(-g''(s0))
    double sum = 1;
    for (int dir = -1; dir <= 1; dir += 2) {
      for (int k = 1; k < 100_000; k++) {
        double s = s0 + dir * k * h;
        double es = Math.exp(s);
        double r = a * s - 0.5 * es * es + z * es - g0;
        if (r < -CUTOFF) {
          break;
        }
        sum += Math.exp(r);
      }
    }
    return g0 + Math.log(sum * h);
  }

  private static void check(int n, double delta) {
    if (n < 2 || !(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("need n >= 2 and a finite delta > 0");
    }
  }
}
