package io.tollgate.rules.observation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Merges distributions of one kind: samples are concatenated, histograms and sketches summed. */
public final class Distributions {
  private Distributions() {}

  /**
   * The merge of {@code parts}, empty when there are none.
   *
   * @throws IllegalArgumentException when the parts are of different kinds, or histograms with
   *     different bounds, or sketches with different index mappings
   */
  public static Optional<Distribution> merge(List<Distribution> parts) {
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    if (parts.size() == 1) {
      return Optional.of(parts.get(0));
    }
    Distribution first = parts.get(0);
    for (Distribution d : parts) {
      if (d.getClass() != first.getClass()) {
        throw new IllegalArgumentException(
            "cannot merge "
                + first.getClass().getSimpleName()
                + " with "
                + d.getClass().getSimpleName());
      }
    }
    if (first instanceof Samples) {
      return Optional.of(mergeSamples(parts));
    }
    return Optional.of(first instanceof Histogram ? mergeHistograms(parts) : mergeSketches(parts));
  }

  /**
   * {@code merge(parts).orElseThrow().quantile(q)}, without building the merged sketch where that
   * gives the same value exactly: sketches of one index mapping with only positive values and whole
   * counts, whose merge keeps the quantile's bin (an unbounded store, or one that collapses its
   * lowest bins no closer to the top than the first part's span). The bins' counts are summed by
   * index and walked as {@code DDSketch.getValueAtQuantile} walks the merged store. Anything else
   * is merged first.
   *
   * @throws IllegalArgumentException as {@link #merge}, also when there are no parts
   */
  public static double quantileOfMerge(List<Distribution> parts, double q) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no distributions to merge");
    }
    if (parts.size() == 1) {
      return parts.get(0).quantile(q);
    }
    double fast = sketchQuantile(parts, q);
    return Double.isNaN(fast) ? merge(parts).orElseThrow().quantile(q) : fast;
  }

  /**
   * The quantile of the merged sketches from their bins, NaN when that may differ from merging.
   * {@code DDSketch.getValueAtQuantile} returns the first index whose cumulative count exceeds
   * {@code q·(count − 1)}; with whole counts that index is found as exactly walking down from the
   * top, which for a high quantile touches a few bins only.
   */
  private static double sketchQuantile(List<Distribution> parts, double q) {
    if (!(q >= 0 && q <= 1) || !(parts.get(0) instanceof Sketch first)) {
      return Double.NaN;
    }
    IndexMapping mapping = first.view().getIndexMapping();
    Store headStore = first.view().getPositiveValueStore();
    boolean unbounded = headStore instanceof UnboundedSizeDenseStore;
    if (!unbounded && !(headStore instanceof CollapsingLowestDenseStore)) {
      return Double.NaN;
    }
    int n = parts.size();
    Sketch.Dense[] dense = new Sketch.Dense[n];
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    double total = 0;
    for (int p = 0; p < n; p++) {
      if (!(parts.get(p) instanceof Sketch s) || !mapping.equals(s.view().getIndexMapping())) {
        return Double.NaN;
      }
      Sketch.Dense d = s.dense();
      if (!d.exact()) {
        return Double.NaN;
      }
      dense[p] = d;
      lo = Math.min(lo, d.minIndex());
      hi = Math.max(hi, d.maxIndex());
      total += d.total();
    }
    double rank = q * (total - 1);
    // below: the count at indices up to i (DDSketch walks up to it; exact with whole counts)
    double below = total;
    int i = hi;
    for (; i > lo; i--) {
      double here = 0;
      for (Sketch.Dense d : dense) {
        here += d.at(i);
      }
      double next = below - here;
      if (!(next > rank)) {
        break;
      }
      below = next;
    }
    if (!unbounded) {
      // a collapsing-lowest merge keeps at least the top span-of-the-first-part bins as they are
      if (hi - i + 1 > dense[0].counts().length) {
        return Double.NaN;
      }
    }
    return mapping.value(i);
  }

  private static Samples mergeSamples(List<Distribution> parts) {
    int n = 0;
    for (Distribution d : parts) {
      n += (int) d.count();
    }
    double[] all = new double[n];
    int at = 0;
    for (Distribution d : parts) {
      double[] s = ((Samples) d).sorted();
      System.arraycopy(s, 0, all, at, s.length);
      at += s.length;
    }
    return new Samples(all);
  }

  private static Histogram mergeHistograms(List<Distribution> parts) {
    double[] bounds = ((Histogram) parts.get(0)).bounds();
    long[] counts = new long[bounds.length + 1];
    for (Distribution d : parts) {
      Histogram h = (Histogram) d;
      if (!Arrays.equals(bounds, h.bounds())) {
        throw new IllegalArgumentException("cannot merge histograms with different bounds");
      }
      long[] c = h.counts();
      for (int i = 0; i < c.length; i++) {
        counts[i] += c[i];
      }
    }
    return new Histogram(bounds, counts);
  }

  private static Sketch mergeSketches(List<Distribution> parts) {
    DDSketch merged = ((Sketch) parts.get(0)).sketch();
    for (int i = 1; i < parts.size(); i++) {
      merged.mergeWith(((Sketch) parts.get(i)).view());
    }
    return Sketch.owning(merged);
  }
}
