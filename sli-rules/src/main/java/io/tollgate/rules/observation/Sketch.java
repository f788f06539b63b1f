package io.tollgate.rules.observation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.store.Bin;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A DDSketch (relative-error quantile sketch, mergeable across partitions and minutes). Two
 * sketches are rank-comparable when they use the same index mapping: values in one bin are ties.
 */
public final class Sketch implements Distribution {
  private final DDSketch sketch;
  private final double count; // DDSketch sums its whole store on every getCount()
  // computed on first use: most sketches are only merged or asked a quantile
  private volatile Bins bins;
  // computed on first use: the positive bins by index, for quantiles of merges without merging
  private volatile Dense dense;

  /** Wraps a copy of {@code sketch}. */
  public Sketch(DDSketch sketch) {
    this(sketch.copy(), true);
  }

  /** Takes {@code owned}, which nobody else may change afterwards. */
  private Sketch(DDSketch owned, boolean owns) {
    this.sketch = owned;
    this.count = owned.getCount();
  }

  /** Wraps {@code owned} without copying it; the caller gives it up. */
  static Sketch owning(DDSketch owned) {
    return new Sketch(owned, true);
  }

  /** A copy of the sketch. */
  public DDSketch sketch() {
    return sketch.copy();
  }

  /** The sketch itself, for merging within the package without a copy: never modify it. */
  DDSketch view() {
    return sketch;
  }

  @Override
  public double count() {
    return count;
  }

  @Override
  public double quantile(double q) {
    return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
  }

  @Override
  public double atRank(double rank) {
    double n = count;
    return n == 0 ? Double.NaN : quantile(Math.max(0, Math.min(1, rank / Math.max(1, n - 1))));
  }

  @Override
  public double mean() {
    return sketch.isEmpty() ? Double.NaN : sketch.getSum() / sketch.getCount();
  }

  @Override
  public Bins bins() {
    Bins b = bins;
    if (b == null) {
      b = group(sketch);
      bins = b;
    }
    return b;
  }

  /**
   * The positive store's counts by index, from {@code minIndex}, their sum, each index's value
   * ({@code values}, the keys of {@link #bins}) and the running sums of the counts ({@code
   * below[k]}: indices under {@code minIndex + k}, added in ascending order). {@code exact}: every
   * value is in them (no negative values, no zero count) and every count is whole, so sums of them
   * are exact in any order.
   */
  record Dense(
      int minIndex, double[] counts, double[] values, double[] below, double total, boolean exact) {
    int maxIndex() {
      return minIndex + counts.length - 1;
    }

    /** The count at {@code index}, 0 outside. */
    double at(int index) {
      int i = index - minIndex;
      return i >= 0 && i < counts.length ? counts[i] : 0;
    }
  }

  /** The positive bins by index (computed once, then shared: do not modify). */
  Dense dense() {
    Dense d = dense;
    if (d == null) {
      d = densify(sketch, count);
      dense = d;
    }
    return d;
  }

  private static Dense densify(DDSketch sketch, double count) {
    var store = sketch.getPositiveValueStore();
    if (store.isEmpty()
        || (long) store.getMaxIndex() - store.getMinIndex() >= 1 << 20
        || !sketch.getNegativeValueStore().isEmpty()) {
      double[] none = new double[0];
      return new Dense(0, none, none, new double[] {0}, 0, false);
    }
    int min = store.getMinIndex();
    double[] counts = new double[store.getMaxIndex() - min + 1];
    boolean[] whole = {true};
    store.forEach(
        (index, c) -> {
          counts[index - min] += c;
          whole[0] &= c == Math.rint(c);
        });
    var mapping = sketch.getIndexMapping();
    double[] values = new double[counts.length];
    double[] below = new double[counts.length + 1];
    for (int k = 0; k < counts.length; k++) {
      values[k] = mapping.value(min + k);
      below[k + 1] = below[k] + counts[k];
    }
    double total = below[counts.length];
    return new Dense(min, counts, values, below, total, whole[0] && total == count);
  }

  /**
   * {@code U} of {@code x} against {@code y·f1} and {@code y·f2} ({@code out[0]}, {@code out[1]};
   * factors above 0), equal to the rank walk over both sketches' {@link #bins} exactly, computed on
   * the bins by index: a canary index steps the baseline pointer by about one index, a branch the
   * processor predicts, where the walk over the bins skips a varying number. False (and {@code out}
   * untouched) unless both sketches hold positive values only.
   */
  public static boolean scaledU2(Sketch x, Sketch y, double f1, double f2, double[] out) {
    Dense dx = x.dense();
    Dense dy = y.dense();
    if (!dx.exact() || !dy.exact()) {
      return false;
    }
    double[] cx = dx.counts();
    double[] vx = dx.values();
    double[] vy = dy.values();
    double[] cy = dy.counts();
    double[] below = dy.below();
    int m = vy.length;
    int t1 = 0;
    int t2 = 0;
    double u1 = 0;
    double u2 = 0;
    for (int k = 0; k < cx.length; k++) {
      double c = cx[k];
      if (c == 0) {
        continue; // an empty index adds 0 to U
      }
      double key = vx[k];
      while (t1 < m && vy[t1] * f1 < key) {
        t1++;
      }
      while (t2 < m && vy[t2] * f2 < key) {
        t2++;
      }
      double equal1 = 0;
      for (int e = t1; e < m && vy[e] * f1 == key; e++) {
        equal1 += cy[e];
      }
      double equal2 = 0;
      for (int e = t2; e < m && vy[e] * f2 == key; e++) {
        equal2 += cy[e];
      }
      u1 += c * (below[t1] + equal1 / 2);
      u2 += c * (below[t2] + equal2 / 2);
    }
    out[0] = u1;
    out[1] = u2;
    return true;
  }

  private static Bins group(DDSketch sketch) {
    List<double[]> out = new ArrayList<>();
    var mapping = sketch.getIndexMapping();
    Iterator<Bin> neg = sketch.getNegativeValueStore().getDescendingIterator();
    while (neg.hasNext()) {
      Bin b = neg.next();
      out.add(new double[] {-mapping.value(b.getIndex()), b.getCount()});
    }
    double zero =
        sketch.getCount()
            - sketch.getNegativeValueStore().getTotalCount()
            - sketch.getPositiveValueStore().getTotalCount();
    if (zero > 0) {
      out.add(new double[] {0, zero});
    }
    Iterator<Bin> pos = sketch.getPositiveValueStore().getAscendingIterator();
    while (pos.hasNext()) {
      Bin b = pos.next();
      out.add(new double[] {mapping.value(b.getIndex()), b.getCount()});
    }
    double[] keys = new double[out.size()];
    double[] counts = new double[out.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = out.get(i)[0];
      counts[i] = out.get(i)[1];
    }
    return new Bins(
        keys,
        counts,
        sketch.getCount(),
        "ddsketch:" + mapping.getClass().getSimpleName() + "@" + mapping.relativeAccuracy());
  }
}
