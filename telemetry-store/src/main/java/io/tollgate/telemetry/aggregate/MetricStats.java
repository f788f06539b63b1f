package io.tollgate.telemetry.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;

/**
 * What the data points of one metric series said within one minute.
 *
 * <p>Delta points add up. A cumulative point (a cumulative sum or histogram) already holds
 * everything since its start time, so the minute keeps the latest one instead of adding them.
 * Gauges keep samples, sum, min, max and the last value. Histograms (explicit and exponential) also
 * keep a sketch built from their buckets.
 */
public final class MetricStats {
  private final String kind;
  private final boolean cumulative;
  private long samples;
  private double sum;
  private double min = Double.NaN;
  private double max = Double.NaN;
  private double last = Double.NaN;
  private long lastTimeNanos = Long.MIN_VALUE;
  private DDSketch sketch;

  public MetricStats(String kind, boolean cumulative) {
    this.kind = kind;
    this.cumulative = cumulative;
  }

  public static MetricStats restore(
      String kind,
      boolean cumulative,
      long samples,
      double sum,
      double min,
      double max,
      double last,
      long lastTimeNanos,
      DDSketch sketch) {
    MetricStats s = new MetricStats(kind, cumulative);
    s.samples = samples;
    s.sum = sum;
    s.min = min;
    s.max = max;
    s.last = last;
    s.lastTimeNanos = lastTimeNanos;
    s.sketch = sketch;
    return s;
  }

  /** A number point (gauge or sum). */
  public void addValue(double v, long timeNanos) {
    boolean newer = timeNanos >= lastTimeNanos;
    if (cumulative) {
      if (newer) {
        samples = 1;
        sum = v;
      }
    } else {
      samples++;
      sum += v;
    }
    extremes(v, v);
    if (newer) {
      last = v;
      lastTimeNanos = timeNanos;
    }
  }

  /** A histogram point: count, sum, extremes where known, and its buckets as a sketch. */
  public void addDistribution(
      long count, double pointSum, double pointMin, double pointMax, DDSketch buckets, long t) {
    boolean newer = t >= lastTimeNanos;
    if (cumulative) {
      if (!newer) {
        return;
      }
      samples = count;
      sum = pointSum;
      sketch = buckets;
    } else {
      samples += count;
      sum += pointSum;
      if (sketch == null) {
        sketch = buckets;
      } else {
        sketch.mergeWith(buckets);
      }
    }
    extremes(pointMin, pointMax);
    last = count == 0 ? Double.NaN : pointSum / count;
    lastTimeNanos = t;
  }

  /** Folds another row of the same key in, by the same rules as single points. */
  public void merge(MetricStats other) {
    if (cumulative) {
      if (other.lastTimeNanos >= lastTimeNanos) {
        samples = other.samples;
        sum = other.sum;
        last = other.last;
        lastTimeNanos = other.lastTimeNanos;
        sketch = other.sketch;
      }
      extremes(other.min, other.max);
      return;
    }
    samples += other.samples;
    sum += other.sum;
    extremes(other.min, other.max);
    if (other.lastTimeNanos >= lastTimeNanos) {
      last = other.last;
      lastTimeNanos = other.lastTimeNanos;
    }
    if (other.sketch != null) {
      if (sketch == null) {
        sketch = other.sketch.copy();
      } else {
        sketch.mergeWith(other.sketch);
      }
    }
  }

  private void extremes(double lo, double hi) {
    if (!Double.isNaN(lo)) {
      min = Double.isNaN(min) ? lo : Math.min(min, lo);
    }
    if (!Double.isNaN(hi)) {
      max = Double.isNaN(max) ? hi : Math.max(max, hi);
    }
  }

  public String kind() {
    return kind;
  }

  public boolean cumulative() {
    return cumulative;
  }

  public long samples() {
    return samples;
  }

  public double sum() {
    return sum;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public double last() {
    return last;
  }

  public long lastTimeNanos() {
    return lastTimeNanos;
  }

  /** The distribution of a histogram metric, null for gauges and sums. */
  public DDSketch sketch() {
    return sketch;
  }
}
