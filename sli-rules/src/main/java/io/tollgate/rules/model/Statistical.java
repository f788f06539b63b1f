package io.tollgate.rules.model;

import java.util.Objects;

/**
 * A hypothesis test of canary against baseline. FAIL needs a significant difference in the worse
 * direction at {@code confidence} and an effect of at least {@code minEffect} (relative: 0.1 means
 * 10 % worse); fewer than {@code minSamples} per side is INCONCLUSIVE with the samples still
 * needed.
 *
 * <p>The {@link Test#SEQUENTIAL_PROPORTION} test is anytime-valid: it may be checked as often as
 * wanted, fails as soon as the evidence is strong enough, and passes once {@code maxSamples} canary
 * requests were seen without failing. With a {@code tolerance} above {@code minEffect} it also
 * passes early, as soon as a canary rate of {@code (1 + tolerance)} times the baseline's or more is
 * ruled out at the same confidence.
 */
public record Statistical(
    Test test,
    double confidence,
    double minEffect,
    long minSamples,
    double quantile,
    long maxSamples,
    double tolerance)
    implements Criterion {

  /** The test to run. */
  public enum Test {
    /** Two-proportion z test on error counts (one-sided, pooled variance). */
    TWO_PROPORTION,
    /** Mann-Whitney U on samples, binned histograms or sketches (tie-corrected normal approx.). */
    MANN_WHITNEY,
    /** Distribution-free confidence intervals of one quantile on both sides. */
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
    if (test == Test.QUANTILE && !(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1)");
    }
  }

  @Override
  public String kind() {
    return "statistical";
  }
}
