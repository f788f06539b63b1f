package io.tollgate.rules.stats;

/**
 * The anytime-valid comparison of the canary's error rate with the baseline's from per-interval
 * counts, valid under any traffic split schedule (Argo/Flagger ramps) and any error-rate change
 * both sides share (incidents, dependency blips, time of day).
 *
 * <pre>{@code
 * SequentialRateTest.Result r = SequentialRateTest.test(
 *     canaryRequests, canaryErrors, baselineRequests, baselineErrors, // one entry per interval
 *     1.0,   // ρ0: FAIL rules out "canary rate <= 1.0 × baseline"
 *     1.5,   // ρ1: PASS rules out "canary rate >= 1.5 × baseline"
 *     0.05); // level of the confidence sequence
 * r.failE() >= 1 / failAlpha;  // FAIL
 * r.passE() >= 1 / alpha;      // PASS
 * }</pre>
 *
 * <p>Given the errors of interval k, the canary's share of them is binomial with {@code p_k(ρ) = ρ
 * c_k / (ρ c_k + b_k)}: each interval uses its own split, and conditioning on the interval's errors
 * removes any rate change shared by both sides. The FAIL e-value is the product over intervals of
 * the likelihood ratios at ρ against ρ0, mixed over ρ > ρ0 with the prior {@code (1 + ρ0) / (1 +
 * ρ)²}; the PASS e-value mixes against ρ1 over ρ < ρ1 with {@code (1 + ρ1) / (ρ1 (1 + ρ)²)}. At an
 * equal, constant split both priors are uniform on p, so the FAIL e-value is exactly {@link
 * SequentialProportionTest#test} and the PASS e-value {@link SequentialProportionTest#testBelow}.
 *
 * <p>Why it is valid: for ρ on the alternative side, the binomial likelihood ratio has expectation
 * at most 1 under every ρ of the null (monotone likelihood ratio), whatever the split, so the
 * products are nonnegative supermartingales whenever each interval's split is fixed before its
 * errors are seen. Ville's inequality then bounds the chance that an e-value ever reaches 1/α by α.
 *
 * <p>With an expected ratio ρe (the gate's {@code expectedEffect}, {@code ρe = 1 + expectedEffect})
 * the FAIL e-value mixes instead over {@code ln ρ ~ N(ln ρe, PRIOR_SD²)} restricted to ρ > ρ0 and
 * renormalized: a prior that puts its mass on the regressions the gate is tuned to find reaches the
 * boundary sooner for them (and later for much smaller or larger ones). Any prior fixed before the
 * data is seen keeps the e-value valid; the PASS e-value and the confidence sequence keep the wide
 * prior.
 *
 * <p>The confidence sequence {@code {ρ : L(ρ) >= α ∫ L dπ}} with {@code π = dρ / (1 + ρ)²} holds
 * the true ratio at every look with probability at least 1 - α.
 */
public final class SequentialRateTest {
  /**
   * The sd of the expected-effect prior on ln ρ: 95 % of its mass within a factor e^0.59 ≈ 1.8 of
   * the expected ratio (for ρe = 2: ρ from 1.1 to 3.6).
   */
  public static final double PRIOR_SD = 0.3;

  private SequentialRateTest() {}

  /**
   * The e-values, the confidence sequence and the maximum-likelihood ratio.
   *
   * @param failE evidence against "canary rate <= ρ0 × baseline rate"
   * @param passE evidence against "canary rate >= ρ1 × baseline rate"
   * @param ciLow lower end of the confidence sequence for ρ (0 when unbounded)
   * @param ciHigh upper end ({@code +Infinity} when unbounded)
   * @param estimate ρ's maximum-likelihood estimate (0 or {@code +Infinity} when all errors are on
   *     one side, 1 without errors)
   * @param errors the errors in intervals where both sides had requests
   */
  public record Result(
      double failE, double passE, double ciLow, double ciHigh, double estimate, double errors) {

    /** ln of {@link #failE()}. */
    public double lnFailE() {
      return Math.log(failE);
    }
  }

  /**
   * Tests the intervals {@code [0, count)}: canary requests {@code c} with {@code x} errors,
   * baseline requests {@code b} with {@code y} errors, aligned by index.
   *
   * @param failRatio ρ0 = 1 + minEffect, {@code > 0}
   * @param passRatio ρ1 = 1 + tolerance, {@code > failRatio}
   * @param csAlpha the confidence sequence's level, in (0, 1)
   */
  public static Result test(
      long[] c,
      long[] x,
      long[] b,
      long[] y,
      int count,
      double failRatio,
      double passRatio,
      double csAlpha) {
    return test(c, x, b, y, count, failRatio, passRatio, csAlpha, 0);
  }

  /**
   * As {@link #test(long[], long[], long[], long[], int, double, double, double)}, with the FAIL
   * e-value mixed over the expected-effect prior centred at {@code expectedRatio} ({@code >
   * failRatio}; 0: the wide prior).
   */
  public static Result test(
      long[] c,
      long[] x,
      long[] b,
      long[] y,
      int count,
      double failRatio,
      double passRatio,
      double csAlpha,
      double expectedRatio) {
    validate(c, x, b, y, count);
    checkExpected(expectedRatio, failRatio);
    if (!(failRatio > 0 && passRatio > failRatio && csAlpha > 0 && csAlpha < 1)) {
      throw new IllegalArgumentException("need 0 < failRatio < passRatio and 0 < csAlpha < 1");
    }
    RateLikelihood l = RateLikelihood.of(c, x, b, y, count);
    double t0 = Math.log(failRatio);
    double t1 = Math.log(passRatio);
    double[] integrals = l.logIntegrals(t0, t1);
    double lnFail = lnFail(l, integrals[0], t0, failRatio, expectedRatio);
    double lnPass = integrals[1] - l.logL(t1) + Math.log1p(passRatio) - Math.log(passRatio);
    double level = integrals[2] - Math.log(1 / csAlpha);
    double low = l.levelCrossing(level, false);
    double high = l.levelCrossing(level, true);
    double estimate;
    if (l.totalErrors() == 0) {
      estimate = 1;
    } else if (l.canaryErrors() == 0) {
      estimate = 0;
    } else if (l.canaryErrors() == l.totalErrors()) {
      estimate = Double.POSITIVE_INFINITY;
    } else {
      estimate = Math.exp(l.peak());
    }
    return new Result(
        exp(lnFail), exp(lnPass), Math.exp(low), Math.exp(high), estimate, l.totalErrors());
  }

  /**
   * Only the natural logs of the FAIL and PASS e-values, {@code {ln failE, ln passE}}: what a
   * trajectory point needs, without the confidence sequence.
   */
  public static double[] lnEValues(
      long[] c,
      long[] x,
      long[] b,
      long[] y,
      int count,
      double failRatio,
      double passRatio,
      double expectedRatio) {
    validate(c, x, b, y, count);
    checkExpected(expectedRatio, failRatio);
    RateLikelihood l = RateLikelihood.of(c, x, b, y, count);
    double t0 = Math.log(failRatio);
    double t1 = Math.log(passRatio);
    double[] integrals = l.logIntegrals(t0, t1);
    return new double[] {
      lnFail(l, integrals[0], t0, failRatio, expectedRatio),
      integrals[1] - l.logL(t1) + Math.log1p(passRatio) - Math.log(passRatio)
    };
  }

  /** ln of the FAIL e-value: the wide prior's integral, or the expected-effect prior's. */
  private static double lnFail(
      RateLikelihood l, double wide, double t0, double failRatio, double expectedRatio) {
    if (expectedRatio == 0) {
      return wide - l.logL(t0) + Math.log1p(failRatio);
    }
    double mu = Math.log(expectedRatio);
    double mass = Normal.upperTail((t0 - mu) / PRIOR_SD);
    return l.logIntegralNormal(t0, mu, PRIOR_SD) - Math.log(mass) - l.logL(t0);
  }

  private static void checkExpected(double expectedRatio, double failRatio) {
    if (!(expectedRatio == 0 || (expectedRatio > failRatio && Double.isFinite(expectedRatio)))) {
      throw new IllegalArgumentException("need expectedRatio 0 (off) or above failRatio");
    }
  }

  /** e^v kept finite: e-values beyond e^700 decide the same way. */
  private static double exp(double v) {
    return Double.isNaN(v) ? 0 : Math.exp(Math.min(700, v));
  }

  private static void validate(long[] c, long[] x, long[] b, long[] y, int count) {
    if (count < 0 || c.length < count || x.length < count || b.length < count || y.length < count) {
      throw new IllegalArgumentException("need count <= the length of every array");
    }
    for (int i = 0; i < count; i++) {
      if (c[i] < 0 || b[i] < 0 || x[i] < 0 || y[i] < 0 || x[i] > c[i] || y[i] > b[i]) {
        throw new IllegalArgumentException("need 0 <= errors <= requests in interval " + i);
      }
    }
  }
}
