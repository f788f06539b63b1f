package io.tollgate.rules.stats;

import io.tollgate.rules.observation.Distribution;

/**
 * Distribution-free confidence intervals of one quantile on each side from order statistics
 * (binomial ranks {@code nq ± z·sqrt(nq(1-q))}). Two sides differ when their intervals do not
 * overlap, which is conservative.
 */
public final class QuantileTest {
  private QuantileTest() {}

  /** A quantile estimate with its confidence interval. */
  public record Interval(double estimate, double low, double high) {}

  /** The {@code q}-quantile of {@code d} with a two-sided interval at {@code confidence}. */
  public static Interval interval(Distribution d, double q, double confidence) {
    double n = d.count();
    double z = Normal.quantile(1 - (1 - confidence) / 2);
    double spread = z * Math.sqrt(n * q * (1 - q));
    double center = n * q;
    return new Interval(
        d.quantile(q),
        d.atRank(Math.floor(center - spread) - 1),
        d.atRank(Math.ceil(center + spread)));
  }
}
