package io.tollgate.rules.observation;

/**
 * The values of one side as raw samples, an explicit-bounds histogram or a DDSketch. All three
 * answer quantiles and the mean and expose their {@link Bins} for rank tests.
 */
public sealed interface Distribution permits Samples, Histogram, Sketch {

  /** Number of observations (may be fractional for sketches). */
  double count();

  /** The {@code q}-quantile, {@code 0 <= q <= 1}; NaN when empty. */
  double quantile(double q);

  /** The mean (histograms use bucket midpoints); NaN when empty. */
  double mean();

  /** The value at 0-based rank {@code rank} (order statistic), clamped to the data. */
  double atRank(double rank);

  /** Distinct keys and counts in ascending order. */
  Bins bins();
}
