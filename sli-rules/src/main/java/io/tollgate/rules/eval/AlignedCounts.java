package io.tollgate.rules.eval;

import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Measurement;
import java.time.Instant;
import java.util.List;

/**
 * Canary and baseline counts interval by interval, joined on the intervals' start: only intervals
 * both sides observed can say under which split their errors arrived. A side without intervals is
 * one interval of its totals; then both sides are taken whole.
 */
final class AlignedCounts {
  final Instant[] start;
  final long[] c;
  final long[] x;
  final long[] b;
  final long[] y;
  final int count;

  private AlignedCounts(int capacity) {
    start = new Instant[capacity];
    c = new long[capacity];
    x = new long[capacity];
    b = new long[capacity];
    y = new long[capacity];
    count = 0;
  }

  private AlignedCounts(AlignedCounts a, int count) {
    start = a.start;
    c = a.c;
    x = a.x;
    b = a.b;
    y = a.y;
    this.count = count;
  }

  static AlignedCounts of(Measurement canary, Measurement baseline) {
    boolean whole = canary.intervals().isEmpty() || baseline.intervals().isEmpty();
    List<Interval> ci = whole ? List.of(wholeOf(canary)) : canary.intervals();
    List<Interval> bi = whole ? List.of(wholeOf(baseline)) : baseline.intervals();
    AlignedCounts a = new AlignedCounts(Math.min(ci.size(), bi.size()));
    int n = 0;
    int j = 0;
    // both lists are sorted by start (Measurement sorts them)
    for (Interval i : ci) {
      while (j < bi.size() && bi.get(j).start().isBefore(i.start())) {
        j++;
      }
      if (j == bi.size()) {
        break;
      }
      Interval k = bi.get(j);
      if (!k.start().equals(i.start()) || i.counts().isEmpty() || k.counts().isEmpty()) {
        continue;
      }
      Counts cc = i.counts().get();
      Counts bc = k.counts().get();
      a.start[n] = i.start();
      a.c[n] = cc.total();
      a.x[n] = cc.errors();
      a.b[n] = bc.total();
      a.y[n] = bc.errors();
      n++;
      j++;
    }
    return new AlignedCounts(a, n);
  }

  private static Interval wholeOf(Measurement m) {
    return new Interval(Instant.EPOCH, m.counts(), m.distribution());
  }

  long canaryRequests(int from, int to) {
    long s = 0;
    for (int i = from; i < to; i++) {
      s += c[i];
    }
    return s;
  }

  long baselineRequests(int from, int to) {
    long s = 0;
    for (int i = from; i < to; i++) {
      s += b[i];
    }
    return s;
  }
}
