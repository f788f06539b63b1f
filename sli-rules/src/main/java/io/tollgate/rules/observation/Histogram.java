package io.tollgate.rules.observation;

import java.util.Arrays;

/**
 * An explicit-bounds histogram as OTLP and Prometheus produce it: {@code counts[i]} observations in
 * {@code (bounds[i-1], bounds[i]]}, and the last count above the last bound. Two histograms are
 * rank-comparable only with equal bounds.
 */
public final class Histogram implements Distribution {
  private final double[] bounds;
  private final long[] counts;
  private final long total;

  /** {@code counts.length} must be {@code bounds.length + 1}; bounds strictly increasing. */
  public Histogram(double[] bounds, long[] counts) {
    if (counts.length != bounds.length + 1) {
      throw new IllegalArgumentException("a histogram needs one more count than bounds");
    }
    long t = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("histogram counts must be >= 0");
      }
      if (i < bounds.length
          && (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))) {
        throw new IllegalArgumentException("histogram bounds must be finite and increasing");
      }
      t += counts[i];
    }
    this.bounds = bounds.clone();
    this.counts = counts.clone();
    this.total = t;
  }

  /** The bucket upper bounds (a copy). */
  public double[] bounds() {
    return bounds.clone();
  }

  /** The bucket counts, the last one above the last bound (a copy). */
  public long[] counts() {
    return counts.clone();
  }

  @Override
  public double count() {
    return total;
  }

  @Override
  public double quantile(double q) {
    return atRank(q * total);
  }

  @Override
  public double atRank(double rank) {
    if (total == 0) {
      return Double.NaN;
    }
    // like Prometheus' histogram_quantile: linear within the bucket, the last bound above it
    double seen = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && seen + counts[i] >= rank) {
        if (i == bounds.length) {
          return bounds.length == 0 ? Double.NaN : bounds[bounds.length - 1];
        }
        double lower = i == 0 ? Math.min(0, bounds[0]) : bounds[i - 1];
        return lower + (bounds[i] - lower) * Math.max(0, rank - seen) / counts[i];
      }
      seen += counts[i];
    }
    return bounds.length == 0 ? Double.NaN : bounds[bounds.length - 1];
  }

  @Override
  public double mean() {
    if (total == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < counts.length; i++) {
      double lower = i == 0 ? Math.min(0, bounds.length == 0 ? 0 : bounds[0]) : bounds[i - 1];
      double upper = i == bounds.length ? lower : bounds[i];
      s += counts[i] * (lower + upper) / 2;
    }
    return s / total;
  }

  @Override
  public Bins bins() {
    double[] keys = new double[counts.length];
    double[] c = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      keys[i] = i < bounds.length ? bounds[i] : Double.POSITIVE_INFINITY;
      c[i] = counts[i];
    }
    return new Bins(keys, c, total, "histogram" + Arrays.toString(bounds));
  }
}
