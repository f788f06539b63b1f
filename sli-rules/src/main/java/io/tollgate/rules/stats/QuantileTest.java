package io.tollgate.rules.stats;

import io.tollgate.rules.observation.Distribution;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * One-sided tests of the relative difference of one quantile, canary against baseline, on the log
 * scale: {@code d = ln Q_canary − ln Q_baseline}.
 *
 * <ul>
 *   <li>{@link #perRequest}: each side's standard error from its order statistics (the
 *       distribution-free interval of the quantile at ±1 binomial standard deviation of the rank,
 *       halved), assuming requests are independent;
 *   <li>{@link #perBlock}: a one-sample t test on per-block log ratios, the cluster-robust form
 *       when requests within an interval are correlated.
 * </ul>
 *
 * <pre>{@code
 * QuantileTest.Result r = QuantileTest.perRequest(canary, baseline, 0.99);
 * boolean fail = r.above(Math.log1p(0.05), 0.05);     // regression beyond +5 % shown at α = 0.05
 * boolean pass = r.below(Math.log1p(0.10), 0.05);     // a +10 % regression ruled out
 * }</pre>
 */
public final class QuantileTest {
  private QuantileTest() {}

  /** A quantile estimate with its confidence interval. */
  public record Interval(double estimate, double low, double high) {}

  /**
   * The estimate of {@code d} with its standard error and degrees of freedom (infinite for the
   * normal approximation).
   *
   * @param logRatio {@code ln Q_canary − ln Q_baseline}
   * @param se its standard error
   * @param df degrees of freedom of the reference t distribution ({@code +Inf}: normal)
   * @param units the number of units (blocks, or 1 for the per-request test)
   */
  public record Result(double logRatio, double se, double df, int units) {
    /** The one-sided critical value at level {@code alpha}. */
    public double critical(double alpha) {
      return Double.isInfinite(df) ? Normal.quantile(1 - alpha) : tQuantile(df, 1 - alpha);
    }

    /** True when {@code logRatio > shift} at level {@code alpha}. */
    public boolean above(double shift, double alpha) {
      return se > 0 && (logRatio - shift) / se > critical(alpha);
    }

    /** True when {@code logRatio < shift} at level {@code alpha}. */
    public boolean below(double shift, double alpha) {
      return se > 0 && (shift - logRatio) / se > critical(alpha);
    }

    /** One-sided p-value for {@code logRatio > shift}. */
    public double pAbove(double shift) {
      if (!(se > 0)) {
        return Double.NaN;
      }
      double z = (logRatio - shift) / se;
      return Double.isInfinite(df)
          ? Normal.upperTail(z)
          : 1 - new TDistribution(df).cumulativeProbability(z);
    }
  }

  private record TKey(double df, double p) {}

  /** Inverse t values already solved: a gate asks the same few (blocks, confidence) every look. */
  private static final Map<TKey, Double> T_QUANTILES = new ConcurrentHashMap<>();

  /**
   * The {@code p}-quantile of Student's t with {@code df} degrees of freedom, remembered: the
   * inverse is a root search over the regularized beta function, dozens of evaluations each time.
   */
  static double tQuantile(double df, double p) {
    TKey key = new TKey(df, p);
    Double known = T_QUANTILES.get(key);
    if (known != null) {
      return known;
    }
    double v = new TDistribution(df).inverseCumulativeProbability(p);
    if (T_QUANTILES.size() >= 4096) {
      T_QUANTILES.clear(); // a bound on memory for gates with unusual confidences
    }
    T_QUANTILES.put(key, v);
    return v;
  }

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

  /** The per-request test: both sides' quantiles with order-statistic standard errors. */
  public static Result perRequest(Distribution canary, Distribution baseline, double q) {
    double d = Math.log(canary.quantile(q)) - Math.log(baseline.quantile(q));
    double se = Math.hypot(logSe(canary, q), logSe(baseline, q));
    return new Result(d, se, Double.POSITIVE_INFINITY, 1);
  }

  /** The cluster-robust test on per-block log ratios (at least 2). */
  public static Result perBlock(double[] logRatios) {
    int n = logRatios.length;
    if (n < 2) {
      throw new IllegalArgumentException("need at least 2 blocks");
    }
    double mean = 0;
    for (double v : logRatios) {
      mean += v;
    }
    mean /= n;
    double ss = 0;
    for (double v : logRatios) {
      ss += (v - mean) * (v - mean);
    }
    return new Result(mean, Math.sqrt(ss / (n - 1) / n), n - 1, n);
  }

  /**
   * Standard error of {@code ln Q̂_q}: half the log-distance between the quantiles one binomial
   * standard deviation of the rank below and above (Siddiqui's density estimate).
   */
  static double logSe(Distribution d, double q) {
    double h = Math.sqrt(q * (1 - q) / d.count());
    double lo = d.quantile(Math.max(0, q - h));
    double hi = d.quantile(Math.min(1, q + h));
    return (Math.log(hi) - Math.log(lo)) / 2;
  }
}
