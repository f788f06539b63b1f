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
  private final Bins bins;

  /** Wraps a copy of {@code sketch}. */
  public Sketch(DDSketch sketch) {
    this.sketch = sketch.copy();
    this.bins = group(this.sketch);
  }

  /** A copy of the sketch. */
  public DDSketch sketch() {
    return sketch.copy();
  }

  @Override
  public double count() {
    return sketch.getCount();
  }

  @Override
  public double quantile(double q) {
    return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
  }

  @Override
  public double atRank(double rank) {
    double n = sketch.getCount();
    return n == 0 ? Double.NaN : quantile(Math.max(0, Math.min(1, rank / Math.max(1, n - 1))));
  }

  @Override
  public double mean() {
    return sketch.isEmpty() ? Double.NaN : sketch.getSum() / sketch.getCount();
  }

  @Override
  public Bins bins() {
    return bins;
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
