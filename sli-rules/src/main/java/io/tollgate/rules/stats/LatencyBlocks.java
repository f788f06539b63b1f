package io.tollgate.rules.stats;

import io.tollgate.rules.observation.Distribution;
import io.tollgate.rules.observation.Distributions;
import io.tollgate.rules.observation.Histogram;
import io.tollgate.rules.observation.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups per-interval latency distributions into blocks, the unit of the cluster-robust latency
 * tests: requests in one interval share pods, GC pauses and caches, so their values are not
 * independent, while blocks of whole intervals are close to independent of each other.
 *
 * <p>Canary and baseline intervals are aligned by start; consecutive intervals are merged into a
 * block until both sides hold at least {@code minPerSide} values. The rule looks at counts only, so
 * where a block ends never depends on the values in it. The open remainder is not a block yet.
 *
 * <pre>{@code
 * LatencyBlocks b = LatencyBlocks.of(canary.intervalsOrWhole(), baseline.intervalsOrWhole(), 1000);
 * for (LatencyBlocks.Block k : b.blocks()) { ... k.canary().quantile(0.99) ... }
 * }</pre>
 *
 * @param blocks the closed blocks, oldest first
 * @param pendingCanary canary values in the open remainder
 * @param pendingBaseline baseline values in the open remainder
 */
public record LatencyBlocks(List<Block> blocks, double pendingCanary, double pendingBaseline) {

  /**
   * One block of consecutive intervals.
   *
   * @param start the start of its first interval
   * @param intervals how many intervals it merges
   * @param canary the canary's values in it
   * @param baseline the baseline's values in it
   */
  public record Block(Instant start, int intervals, Distribution canary, Distribution baseline) {
    /** The canary's share of the block's values. */
    public double canaryShare() {
      return canary.count() / (canary.count() + baseline.count());
    }
  }

  public LatencyBlocks {
    blocks = List.copyOf(blocks);
  }

  /** Blocks of at least {@code minPerSide} values on each side. */
  public static LatencyBlocks of(
      List<Interval> canary, List<Interval> baseline, double minPerSide) {
    Groups g = group(canary, baseline, minPerSide);
    List<Block> out = new ArrayList<>(g.groups().size());
    for (Group k : g.groups()) {
      out.add(
          new Block(
              k.start(),
              k.intervals(),
              Distributions.merge(k.canary()).orElseThrow(),
              Distributions.merge(k.baseline()).orElseThrow()));
    }
    return new LatencyBlocks(out, g.pendingCanary(), g.pendingBaseline());
  }

  /**
   * The {@code q}-quantile of each block's canary ({@code [j][0]}) and baseline ({@code [j][1]}),
   * the blocks of {@link #of}: equal to {@code of(...).blocks().get(j).canary().quantile(q)}, but
   * sketches are not merged where summing their bins gives the same value ({@link
   * Distributions#quantileOfMerge}).
   */
  public static double[][] quantiles(
      List<Interval> canary, List<Interval> baseline, double minPerSide, double q) {
    List<Group> groups = group(canary, baseline, minPerSide).groups();
    double[][] out = new double[groups.size()][];
    for (int j = 0; j < out.length; j++) {
      Group k = groups.get(j);
      out[j] =
          new double[] {
            Distributions.quantileOfMerge(k.canary(), q),
            Distributions.quantileOfMerge(k.baseline(), q)
          };
    }
    return out;
  }

  /** A block before merging: its intervals' distributions per side. */
  private record Group(
      Instant start, int intervals, List<Distribution> canary, List<Distribution> baseline) {}

  private record Groups(List<Group> groups, double pendingCanary, double pendingBaseline) {}

  private static Groups group(List<Interval> canary, List<Interval> baseline, double minPerSide) {
    Aligned a = align(canary, baseline);
    List<Group> out = new ArrayList<>();
    List<Distribution> c = new ArrayList<>();
    List<Distribution> b = new ArrayList<>();
    double nc = 0;
    double nb = 0;
    int merged = 0;
    Instant start = null;
    for (int k = 0; k < a.size; k++) {
      if (start == null) {
        start = a.starts[k];
      }
      merged++;
      if (a.canary[k] != null) {
        c.add(a.canary[k]);
        nc += a.canary[k].count();
      }
      if (a.baseline[k] != null) {
        b.add(a.baseline[k]);
        nb += a.baseline[k].count();
      }
      if (nc >= minPerSide && nb >= minPerSide) {
        out.add(new Group(start, merged, c, b));
        c = new ArrayList<>();
        b = new ArrayList<>();
        nc = 0;
        nb = 0;
        merged = 0;
        start = null;
      }
    }
    return new Groups(out, nc, nb);
  }

  /** Canary and baseline distributions by start, ascending; null where a side has none. */
  private record Aligned(
      Instant[] starts, Distribution[] canary, Distribution[] baseline, int size) {}

  /**
   * Aligns both sides by start: starts where either side has a distribution, ascending; of several
   * intervals with one start, the last. Both lists usually come ascending, without repeats: then
   * one merge-join; otherwise through a sorted map.
   */
  private static Aligned align(List<Interval> canary, List<Interval> baseline) {
    if (!ascending(canary) || !ascending(baseline)) {
      return alignSorted(canary, baseline);
    }
    int n = canary.size() + baseline.size();
    Instant[] starts = new Instant[n];
    Distribution[] cs = new Distribution[n];
    Distribution[] bs = new Distribution[n];
    int size = 0;
    int i = 0;
    int j = 0;
    while (i < canary.size() || j < baseline.size()) {
      Interval ci = i < canary.size() ? canary.get(i) : null;
      Interval bj = j < baseline.size() ? baseline.get(j) : null;
      int cmp = ci == null ? 1 : bj == null ? -1 : ci.start().compareTo(bj.start());
      Distribution c = null;
      Distribution b = null;
      Instant start;
      if (cmp <= 0) {
        start = ci.start();
        c = ci.distribution().orElse(null);
        i++;
      } else {
        start = bj.start();
      }
      if (cmp >= 0) {
        b = bj.distribution().orElse(null);
        j++;
      }
      if (c != null || b != null) {
        starts[size] = start;
        cs[size] = c;
        bs[size] = b;
        size++;
      }
    }
    return new Aligned(starts, cs, bs, size);
  }

  private static boolean ascending(List<Interval> intervals) {
    for (int k = 1; k < intervals.size(); k++) {
      if (intervals.get(k - 1).start().compareTo(intervals.get(k).start()) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static Aligned alignSorted(List<Interval> canary, List<Interval> baseline) {
    TreeMap<Instant, Distribution[]> byStart = new TreeMap<>();
    for (Interval i : canary) {
      i.distribution().ifPresent(d -> byStart.computeIfAbsent(i.start(), s -> pair())[0] = d);
    }
    for (Interval i : baseline) {
      i.distribution().ifPresent(d -> byStart.computeIfAbsent(i.start(), s -> pair())[1] = d);
    }
    int n = byStart.size();
    Instant[] starts = new Instant[n];
    Distribution[] cs = new Distribution[n];
    Distribution[] bs = new Distribution[n];
    int k = 0;
    for (Map.Entry<Instant, Distribution[]> e : byStart.entrySet()) {
      starts[k] = e.getKey();
      cs[k] = e.getValue()[0];
      bs[k] = e.getValue()[1];
      k++;
    }
    return new Aligned(starts, cs, bs, n);
  }

  /**
   * True when the {@code q}-quantile of {@code d} lies in a histogram's overflow bucket (above the
   * last finite bound), where its value is unknown: a histogram reports the last bound there.
   */
  public static boolean beyondLastBound(Distribution d, double q) {
    if (!(d instanceof Histogram h)) {
      return false;
    }
    long[] counts = h.counts();
    long overflow = counts[counts.length - 1];
    return overflow > 0 && q * h.count() > h.count() - overflow;
  }

  /** The last finite bound of a histogram, NaN for other distributions. */
  public static double lastBound(Distribution d) {
    if (d instanceof Histogram h && h.bounds().length > 0) {
      double[] bounds = h.bounds();
      return bounds[bounds.length - 1];
    }
    return Double.NaN;
  }

  private static Distribution[] pair() {
    return new Distribution[2];
  }
}
