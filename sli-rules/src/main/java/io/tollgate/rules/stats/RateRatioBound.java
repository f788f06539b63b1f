package io.tollgate.rules.stats;

import java.util.OptionalLong;
import org.hipparchus.distribution.continuous.BetaDistribution;

/**
 * A one-sided upper confidence bound for the ratio of two error rates (canary over baseline), exact
 * given the total number of errors: the canary's share of the errors is binomial with {@code p = ρ
 * nc / (ρ nc + nb)}, so the Clopper-Pearson upper bound on p maps to one on ρ. It holds for rare
 * errors (Poisson counts) at any sample size, including zero errors on either side.
 *
 * <pre>{@code
 * RateRatioBound.upper(100, 10_000, 100, 10_000, 0.95); // 1.2746: a 1.5x canary is ruled out
 * }</pre>
 */
public final class RateRatioBound {
  private RateRatioBound() {}

  /** The upper bound at one-sided {@code confidence}; {@code +Infinity} without baseline errors. */
  public static double upper(long xc, long nc, long xb, long nb, double confidence) {
    if (nc <= 0 || nb <= 0 || xc < 0 || xb < 0 || xc > nc || xb > nb) {
      throw new IllegalArgumentException("need 0 <= errors <= requests and requests > 0");
    }
    long n = xc + xb;
    if (n == 0 || xb == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double p = new BetaDistribution(xc + 1, n - xc).inverseCumulativeProbability(confidence);
    return p >= 1 ? Double.POSITIVE_INFINITY : p / (1 - p) * nb / nc;
  }

  /**
   * Roughly how many more canary requests (the baseline growing in proportion) bring the upper
   * bound below {@code passRatio} if the rates stay as observed: the bound's distance from the
   * estimate shrinks like one over the square root of the errors. Empty when the observed ratio is
   * not below {@code passRatio}, since then more requests will not help.
   */
  public static OptionalLong moreToPass(
      long xc, long nc, long xb, long nb, double confidence, double passRatio) {
    // half an error on each side keeps the estimate finite with zero counts
    double estimate = Math.log((xc + 0.5) / nc) - Math.log((xb + 0.5) / nb);
    double target = Math.log(passRatio);
    if (!(estimate < target)) {
      return OptionalLong.empty();
    }
    double width = Normal.quantile(confidence) * Math.sqrt(1.0 / (xc + 0.5) + 1.0 / (xb + 0.5));
    double factor = Math.pow(width / (target - estimate), 2);
    return OptionalLong.of(Math.max(1, (long) Math.ceil(nc * (factor - 1))));
  }
}
