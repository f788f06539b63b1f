package io.tollgate.rules.stats;

/**
 * An anytime-valid sample-ratio check: did the canary get the share of requests the rollout asked
 * for, interval by interval?
 *
 * <pre>{@code
 * SampleRatioTest.Result r = SampleRatioTest.test(canary, total, expectedShare, count);
 * r.eValue() >= 1 / 0.001; // mismatch
 * }</pre>
 *
 * <p>Interval k had {@code t_k} requests on both sides, {@code c_k} of them on the canary, where
 * the rollout asked for share {@code s_k}. Under "routing works" {@code c_k} is binomial(t_k, s_k).
 * The alternative shifts every interval's log-odds by the same δ, {@code logit p_k = logit s_k +
 * δ}, and the e-value mixes the product of the per-interval likelihood ratios over {@code δ ~ N(0,
 * PRIOR_SD²)}. Because each interval is compared with its own expected share, a ramp (5 %, 25 %, 50
 * %) is no mismatch; the product is a martingale under the null for any schedule fixed before the
 * interval's requests arrive, so it may be checked at every look (Ville).
 */
public final class SampleRatioTest {
  /**
   * The prior's standard deviation of the log-odds shift: 0.2 puts the most power on shares off by
   * 10-50 % (5 % asked, 3-4.5 % or 5.5-8 % got), the range where routing is broken rather than
   * rounded.
   */
  public static final double PRIOR_SD = 0.2;

  private SampleRatioTest() {}

  /**
   * The check's result.
   *
   * @param eValue evidence against "the canary got its expected share"
   * @param observedShare canary over total requests in the intervals checked
   * @param expectedShare the expected canary requests over the total, Σ t_k s_k / Σ t_k
   * @param canary canary requests in the intervals checked
   * @param total requests on both sides in the intervals checked
   */
  public record Result(
      double eValue, double observedShare, double expectedShare, long canary, long total) {}

  /**
   * Checks intervals {@code [0, count)}: {@code canary[k]} of {@code total[k]} requests on the
   * canary where {@code expected[k]} (in (0, 1)) was asked for.
   */
  public static Result test(long[] canary, long[] total, double[] expected, int count) {
    long sumC = 0;
    long sumT = 0;
    double sumE = 0;
    for (int k = 0; k < count; k++) {
      if (canary[k] < 0 || canary[k] > total[k] || !(expected[k] > 0 && expected[k] < 1)) {
        throw new IllegalArgumentException("need 0 <= canary <= total, 0 < expected < 1");
      }
      sumC += canary[k];
      sumT += total[k];
      sumE += total[k] * expected[k];
    }
    if (sumT == 0) {
      return new Result(1, Double.NaN, Double.NaN, 0, 0);
    }
    final long c = sumC;
    // ln LR(δ) = C δ - Σ t_k ln(1 - s_k + s_k e^δ), concave in δ
    java.util.function.DoubleUnaryOperator logLr =
        d -> {
          double u = Math.exp(d);
          double s = c * d;
          for (int k = 0; k < count; k++) {
            if (total[k] > 0) {
              s -= total[k] * Math.log1p(expected[k] * (u - 1));
            }
          }
          return s;
        };
    double var = PRIOR_SD * PRIOR_SD;
    java.util.function.DoubleUnaryOperator g =
        d ->
            logLr.applyAsDouble(d)
                - d * d / (2 * var)
                - Math.log(PRIOR_SD * Math.sqrt(2 * Math.PI));
    // Newton for the mode of g; g'' < 0 everywhere, started at the prior's mode
    double d = 0;
    double g2 = -1 / var;
    for (int i = 0; i < 100; i++) {
      double u = Math.exp(d);
      double d1 = c - d / var;
      g2 = -1 / var;
      for (int k = 0; k < count; k++) {
        if (total[k] > 0) {
          double q = expected[k] * u / (1 - expected[k] + expected[k] * u);
          d1 -= total[k] * q;
          g2 -= total[k] * q * (1 - q);
        }
      }
      double step = -d1 / g2;
      // the prior keeps the mode within a few PRIOR_SD of shares any router could produce
      step = Math.max(-1, Math.min(1, step));
      d += step;
      if (Math.abs(step) < 1e-12) {
        break;
      }
    }
    double lnE = LogConcave.logIntegral(g, d, 1 / Math.sqrt(-g2), -20, 20);
    double e = Double.isNaN(lnE) ? 0 : Math.exp(Math.min(700, lnE));
    return new Result(e, (double) sumC / sumT, sumE / sumT, sumC, sumT);
  }
}
