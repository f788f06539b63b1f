package io.tollgate.rules.observation;

import java.util.Arrays;

/**
 * Raw sample values. The constructor copies and sorts them once, so quantiles and rank tests in the
 * judge are linear.
 */
public final class Samples implements Distribution {
  private final double[] sorted;
  private final Bins bins;

  /** Copies {@code values}; NaN and infinite values are rejected. */
  public Samples(double[] values) {
    double[] copy = values.clone();
    for (double v : copy) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("samples must be finite numbers, got " + v);
      }
    }
    Arrays.sort(copy);
    this.sorted = copy;
    this.bins = group(copy);
  }

  /** The samples in ascending order (a copy). */
  public double[] sorted() {
    return sorted.clone();
  }

  @Override
  public double count() {
    return sorted.length;
  }

  @Override
  public double quantile(double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    // linear interpolation between order statistics (R type 7, numpy's default)
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  @Override
  public double mean() {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double v : sorted) {
      s += v;
    }
    return s / sorted.length;
  }

  @Override
  public double atRank(double rank) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int r = (int) Math.max(0, Math.min(sorted.length - 1, Math.round(rank)));
    return sorted[r];
  }

  @Override
  public Bins bins() {
    return bins;
  }

  private static Bins group(double[] sorted) {
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    double[] keys = new double[distinct];
    double[] counts = new double[distinct];
    int k = -1;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        keys[++k] = sorted[i];
      }
      counts[k]++;
    }
    return new Bins(keys, counts, sorted.length, "values");
  }

  @Override
  public String toString() {
    return "Samples[n=" + sorted.length + "]";
  }
}
