package io.tollgate.gate.profile;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.micronaut.core.annotation.Nullable;
import io.tollgate.telemetry.store.OperationMinuteCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a {@link TrafficProfile} from minute counts and merged sketches: a pure function. */
final class ProfileBuilder {
  private ProfileBuilder() {}

  static TrafficProfile build(
      String service,
      String environment,
      Instant from,
      Instant to,
      List<OperationMinuteCount> minutes,
      Map<String, DDSketch> latency) {
    long first = minutes.isEmpty() ? to.getEpochSecond() : minutes.get(0).minute().getEpochSecond();
    for (OperationMinuteCount m : minutes) {
      first = Math.min(first, m.minute().getEpochSecond());
    }
    long span = Math.max(0, (to.getEpochSecond() - first + 59) / 60);
    int spanMinutes = (int) Math.min(Integer.MAX_VALUE, span);
    Map<String, long[]> perMinute = new TreeMap<>();
    Map<String, long[]> totals = new TreeMap<>();
    double[] byHour = new double[24];
    long all = 0;
    for (OperationMinuteCount m : minutes) {
      int index = (int) ((m.minute().getEpochSecond() - first) / 60);
      perMinute.computeIfAbsent(m.operation(), k -> new long[spanMinutes])[index] += m.requests();
      long[] t = totals.computeIfAbsent(m.operation(), k -> new long[2]);
      t[0] += m.requests();
      t[1] += m.errors();
      long second = m.minute().getEpochSecond();
      byHour[(int) Math.floorMod(second / 3600, 24L)] += m.requests();
      all += m.requests();
    }
    // how many days each hour of day was covered, from the first minute with requests to the end
    double[] daysPerHour = new double[24];
    for (long s = first - Math.floorMod(first, 3600L); s < to.getEpochSecond(); s += 3600) {
      long covered = Math.min(s + 3600, to.getEpochSecond()) - Math.max(s, first);
      daysPerHour[(int) Math.floorMod(s / 3600, 24L)] += covered / 3600.0;
    }
    List<TrafficProfile.OperationProfile> ops = new ArrayList<>();
    for (Map.Entry<String, long[]> e : totals.entrySet()) {
      long requests = e.getValue()[0];
      long errors = e.getValue()[1];
      DDSketch sketch = latency.get(e.getKey());
      ops.add(
          new TrafficProfile.OperationProfile(
              e.getKey(),
              requests,
              errors,
              all == 0 ? 0 : (double) requests / all,
              requests == 0 ? 0 : (double) errors / requests,
              rate(perMinute.get(e.getKey())),
              latency(sketch)));
    }
    ops.sort(
        Comparator.comparingLong(TrafficProfile.OperationProfile::requests)
            .reversed()
            .thenComparing(TrafficProfile.OperationProfile::operation));
    List<TrafficProfile.HourOfDay> shape = new ArrayList<>(24);
    for (int h = 0; h < 24; h++) {
      shape.add(
          new TrafficProfile.HourOfDay(h, daysPerHour[h] == 0 ? 0 : byHour[h] / daysPerHour[h]));
    }
    return new TrafficProfile(service, environment, from, to, span, all, ops, shape);
  }

  /** Median, nearest-rank 95th percentile and maximum of the per-minute counts. */
  static TrafficProfile.Rate rate(long[] counts) {
    if (counts == null || counts.length == 0) {
      return new TrafficProfile.Rate(0, 0, 0);
    }
    long[] sorted = counts.clone();
    Arrays.sort(sorted);
    return new TrafficProfile.Rate(
        rank(sorted, 0.5), rank(sorted, 0.95), sorted[sorted.length - 1]);
  }

  private static double rank(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  @Nullable
  private static TrafficProfile.Latency latency(DDSketch s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    return new TrafficProfile.Latency(
        round(s.getValueAtQuantile(0.5)),
        round(s.getValueAtQuantile(0.95)),
        round(s.getValueAtQuantile(0.99)));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
