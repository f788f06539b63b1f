package io.tollgate.rules.stats;

import org.hipparchus.special.Beta;

/**
 * An anytime-valid test that the canary's error rate is higher than the baseline's: a mixture
 * sequential probability ratio test (mSPRT) on the errors of both sides.
 *
 * <p>Conditioned on the total number of errors, each error falls on the canary with probability
 * {@code p = ρ·nc / (ρ·nc + nb)}, where {@code ρ} is the ratio of the error rates and {@code nc,
 * nb} the requests per side. Under the null hypothesis {@code ρ <= 1 + margin}, so {@code p <= p0}.
 * The e-value is the likelihood ratio of the errors' split, mixed over a uniform prior on {@code p}
 * in {@code (p0, 1)}, against {@code p0}:
 *
 * <pre>
 *   E = B(1+x, 1+n-x) · (1 - I_{p0}(1+x, 1+n-x)) / ((1 - p0) · p0^x · (1-p0)^(n-x))
 * </pre>
 *
 * with {@code x} canary errors of {@code n}. E is a nonnegative supermartingale under the null, so
 * by Ville's inequality {@code P(sup E >= 1/α) <= α}: the gate may be checked after every batch
 * (every 30 s) and stop at the first crossing without inflating the false-failure rate. It assumes
 * the canary's share of the traffic stays constant during the analysis: under a ramp with error
 * rates that change for both sides it fails healthy canaries, so the judge uses the per-interval
 * {@link SequentialRateTest}, which equals this closed form at an equal constant split.
 */
public final class SequentialProportionTest {
  private SequentialProportionTest() {}

  /**
   * The e-value and its decision.
   *
   * @param eValue the evidence against "canary no worse"; reject when {@code >= 1/α}
   * @param threshold {@code 1/α}
   * @param p0 the null share of errors on the canary
   * @param rejected true when the canary is shown worse
   */
  public record Result(double eValue, double threshold, double p0, boolean rejected) {}

  /**
   * The mirror test for passing early: rejects "canary rate >= (1 + tolerance) × baseline rate"
   * with the mixture over a uniform prior on {@code p} in {@code (0, p1)}:
   *
   * <pre>
   *   E = B(1+x, 1+n-x) · I_{p1}(1+x, 1+n-x) / (p1 · p1^x · (1-p1)^(n-x))
   * </pre>
   */
  public static Result testBelow(long x, long nc, long y, long nb, double alpha, double tolerance) {
    if (nc <= 0 || nb <= 0 || x < 0 || y < 0 || x > nc || y > nb || !(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          "need 0 <= errors <= requests, requests > 0, 0 < alpha < 1");
    }
    double rho = 1 + tolerance;
    double p1 = rho * nc / (rho * nc + nb);
    long n = x + y;
    double logE;
    if (n == 0) {
      logE = 0;
    } else {
      double a = 1 + x;
      double b = 1 + n - x;
      double lower = Beta.regularizedBeta(p1, a, b);
      logE =
          Beta.logBeta(a, b)
              + Math.log(lower)
              - Math.log(p1)
              - x * Math.log(p1)
              - (n - x) * Math.log1p(-p1);
    }
    double e = Double.isNaN(logE) ? 0 : Math.exp(Math.min(700, logE));
    return new Result(e, 1 / alpha, p1, e >= 1 / alpha);
  }

  /**
   * Tests canary ({@code x} errors of {@code nc}) against baseline ({@code y} of {@code nb}) at
   * level {@code alpha}, with the null "canary rate <= (1 + margin) × baseline rate".
   */
  public static Result test(long x, long nc, long y, long nb, double alpha, double margin) {
    if (nc <= 0 || nb <= 0 || x < 0 || y < 0 || x > nc || y > nb || !(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          "need 0 <= errors <= requests, requests > 0, 0 < alpha < 1");
    }
    double rho = 1 + margin;
    double p0 = rho * nc / (rho * nc + nb);
    long n = x + y;
    double logE;
    if (n == 0) {
      logE = 0;
    } else {
      double a = 1 + x;
      double b = 1 + n - x;
      // 1 - I_{p0}(a, b) = I_{1-p0}(b, a), which keeps precision when it is small
      double upper = Beta.regularizedBeta(1 - p0, b, a);
      logE =
          Beta.logBeta(a, b)
              + Math.log(upper)
              - Math.log1p(-p0)
              - x * Math.log(p0)
              - (n - x) * Math.log1p(-p0);
    }
    double e = Double.isNaN(logE) ? 0 : Math.exp(Math.min(700, logE));
    return new Result(e, 1 / alpha, p0, e >= 1 / alpha);
  }
}
