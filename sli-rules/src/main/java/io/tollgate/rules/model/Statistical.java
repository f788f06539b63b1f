package io.tollgate.rules.model;

import java.util.Objects;

/**
 * A hypothesis test of canary against baseline. FAIL needs the canary shown worse than the baseline
 * by more than {@code minEffect} (relative: 0.1 means 10 % worse) at {@code confidence}; PASS needs
 * a regression of {@code tolerance} or more ruled out at the same confidence (non-inferiority);
 * anything else is INCONCLUSIVE with the samples still needed, as is fewer than {@code minSamples}
 * per side.
 *
 * <p>The sequential tests ({@link Test#SEQUENTIAL_PROPORTION}, {@link Test#SEQUENTIAL_QUANTILE})
 * are anytime-valid: they may be checked as often as wanted and stop at the first ruling; reaching
 * {@code maxSamples} canary requests without one is INCONCLUSIVE. The latency tests use blocks of
 * intervals as their unit when the source gives per-interval data. {@code quantile} is the quantile
 * of {@link Test#QUANTILE} and {@link Test#SEQUENTIAL_QUANTILE} (0: the SLI source's, else the
 * median, for the sequential test).
 *
 * <p>{@code expectedEffect} (sequential_proportion only, 0: off) is the regression the FAIL e-value
 * is tuned to find, as a relative rate increase (1.0: twice the baseline's error rate): its mixing
 * prior is then a normal on the log rate ratio centred there instead of the wide default. It must
 * be fixed before the evaluation starts.
 */
public record Statistical(
    Test test,
    double confidence,
    double minEffect,
    long minSamples,
    double quantile,
    long maxSamples,
    double tolerance,
    double expectedEffect)
    implements Criterion {

  /** The test to run. */
  public enum Test {
    /** Two-proportion z test on error counts (one-sided, pooled variance). */
    TWO_PROPORTION,
    /**
     * Mann-Whitney against the baseline shifted by minEffect (FAIL) and tolerance (PASS); per block
     * of intervals when given.
     */
    MANN_WHITNEY,
    /** One-sided test of the log ratio of one quantile; per block of intervals when given. */
    QUANTILE,
    /** Anytime-valid mixture sequential probability ratio test on error counts. */
    SEQUENTIAL_PROPORTION,
    /**
     * Anytime-valid test of a latency quantile, canary against baseline, with intervals (not
     * requests) as the unit.
     */
    SEQUENTIAL_QUANTILE;

    /** True when the test may be re-checked at every look without inflating its error rate. */
    public boolean anytimeValid() {
      return this == SEQUENTIAL_PROPORTION || this == SEQUENTIAL_QUANTILE;
    }
  }

  /** Default confidence of all tests. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  /** A test without an {@code expectedEffect} (the wide default prior). */
  public Statistical(
      Test test,
      double confidence,
      double minEffect,
      long minSamples,
      double quantile,
      long maxSamples,
      double tolerance) {
    this(test, confidence, minEffect, minSamples, quantile, maxSamples, tolerance, 0);
  }

  public Statistical {
    Objects.requireNonNull(test, "test");
    if (!(confidence > 0.5 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0.5, 1)");
    }
    if (!(minEffect >= 0) || minSamples < 1) {
      throw new IllegalArgumentException("minEffect >= 0 and minSamples >= 1 required");
    }
    if (!(tolerance == 0 || tolerance > minEffect)) {
      throw new IllegalArgumentException("tolerance must be 0 (off) or above minEffect");
    }
    if (!(expectedEffect == 0
        || (expectedEffect > minEffect
            && Double.isFinite(expectedEffect)
            && test == Test.SEQUENTIAL_PROPORTION))) {
      throw new IllegalArgumentException(
          "expectedEffect must be 0 (off) or above minEffect, for sequential_proportion only");
    }
    if (test == Test.QUANTILE && !(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1)");
    }
  }

  @Override
  public String kind() {
    return "statistical";
  }
}
