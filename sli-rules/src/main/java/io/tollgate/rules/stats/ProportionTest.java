package io.tollgate.rules.stats;

/**
 * Two-proportion z test with pooled variance (R's {@code prop.test(correct = FALSE)}; its
 * chi-squared statistic is {@code z²}), and a Wald confidence interval for the difference.
 *
 * <pre>{@code
 * ProportionTest.Result r = ProportionTest.test(200, 10_000, 100, 10_000, 0.95);
 * r.pGreater(); // one-sided p-value that the first rate is higher
 * }</pre>
 */
public final class ProportionTest {
  private ProportionTest() {}

  /**
   * The test's outcome.
   *
   * @param z the z statistic (positive when the first proportion is higher)
   * @param pGreater one-sided p-value for "first proportion is higher"
   * @param pLess one-sided p-value for "first proportion is lower"
   * @param pTwoSided two-sided p-value
   * @param difference first minus second proportion
   * @param ciLow lower end of the two-sided confidence interval of the difference
   * @param ciHigh upper end
   */
  public record Result(
      double z,
      double pGreater,
      double pLess,
      double pTwoSided,
      double difference,
      double ciLow,
      double ciHigh) {}

  /** Tests {@code x1/n1} against {@code x2/n2}; both {@code n} must be positive. */
  public static Result test(long x1, long n1, long x2, long n2, double confidence) {
    if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
      throw new IllegalArgumentException("need 0 <= x <= n and n > 0");
    }
    double p1 = (double) x1 / n1;
    double p2 = (double) x2 / n2;
    double pooled = (double) (x1 + x2) / (n1 + n2);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    double diff = p1 - p2;
    double z = se == 0 ? 0 : diff / se;
    double pGreater = Normal.upperTail(z);
    double pLess = Normal.upperTail(-z);
    double seDiff = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
    double zc = Normal.quantile(1 - (1 - confidence) / 2);
    return new Result(
        z,
        pGreater,
        pLess,
        Math.min(1, 2 * Math.min(pGreater, pLess)),
        diff,
        diff - zc * seDiff,
        diff + zc * seDiff);
  }
}
