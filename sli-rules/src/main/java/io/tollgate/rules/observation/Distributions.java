package io.tollgate.rules.observation;

import com.datadoghq.sketch.ddsketch.DDSketch;
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
