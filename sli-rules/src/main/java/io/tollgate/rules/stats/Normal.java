package io.tollgate.rules.stats;

import org.hipparchus.distribution.continuous.NormalDistribution;

/** The standard normal distribution (Hipparchus), shared by the tests in this package. */
final class Normal {
  private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

  private Normal() {}

  /** P(Z &gt; z). */
  static double upperTail(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    return STANDARD.cumulativeProbability(-z);
  }

  /** The z with P(Z &lt;= z) = p. */
  static double quantile(double p) {
    return STANDARD.inverseCumulativeProbability(p);
  }
}
