package io.tollgate.gate.profile;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.micronaut.core.annotation.Nullable;
import io.tollgate.telemetry.store.MinuteRates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link TrafficProfile} from per-operation minute histograms and merged sketches: a pure
 * function.
 */
final class ProfileBuilder {
  private ProfileBuilder() {}

  /**
   * @param rates per operation, how many minutes had each request count and its hours of day
   * @param latency merged latency sketch per operation
   */
  static TrafficProfile build(
      String service,
      String environment,
      Instant from,
      Instant to,
      List<MinuteRates> rates,
      Map<String, DDSketch> latency) {
    long first = to.getEpochSecond();
    double[] byHour = new double[24];
    long all = 0;
    for (MinuteRates r : rates) {
      first = Math.min(first, r.firstMinute().getEpochSecond());
      for (int h = 0; h < 24; h++) {
        byHour[h] += r.requestsByHourOfDay().get(h);
      }
      all += r.requests();
    }
    long span = Math.max(0, (to.getEpochSecond() - first + 59) / 60);
    // how many days each hour of day was covered, from the first minute with requests to the end
    double[] daysPerHour = new double[24];
    for (long s = first - Math.floorMod(first, 3600L); s < to.getEpochSecond(); s += 3600) {
      long covered = Math.min(s + 3600, to.getEpochSecond()) - Math.max(s, first);
      daysPerHour[(int) Math.floorMod(s / 3600, 24L)] += covered / 3600.0;
    }
    List<TrafficProfile.OperationProfile> ops = new ArrayList<>();
    for (MinuteRates r : rates) {
      ops.add(
          new TrafficProfile.OperationProfile(
              r.operation(),
              r.requests(),
              r.errors(),
              all == 0 ? 0 : (double) r.requests() / all,
              r.requests() == 0 ? 0 : (double) r.errors() / r.requests(),
              rate(r.minutesByRequests(), span),
              latency(latency.get(r.operation()))));
    }
    ops.sort(
        Comparator.comparingLong(TrafficProfile.OperationProfile::requests)
            .reversed()
            .thenComparing(TrafficProfile.OperationProfile::operation));
    List<TrafficProfile.HourOfDay> shape = new ArrayList<>(24);
    for (int h = 0; h < 24; h++) {
      double mean = daysPerHour[h] == 0 ? 0 : byHour[h] / daysPerHour[h];
      shape.add(new TrafficProfile.HourOfDay(h, Math.round(mean * 1000) / 1000.0));
    }
    return new TrafficProfile(service, environment, from, to, span, all, ops, shape);
  }

  /**
   * Median, nearest-rank 95th percentile and maximum requests per minute over {@code minutes}
   * minutes, the ones missing from the histogram counting as zero.
   */
  static TrafficProfile.Rate rate(Map<Long, Long> minutesByRequests, long minutes) {
    TreeMap<Long, Long> h = new TreeMap<>(minutesByRequests);
    long busy = h.values().stream().mapToLong(Long::longValue).sum();
    long total = Math.max(minutes, busy);
    if (total == 0) {
      return new TrafficProfile.Rate(0, 0, 0);
    }
    h.merge(0L, total - busy, Long::sum);
    return new TrafficProfile.Rate(rank(h, total, 0.5), rank(h, total, 0.95), h.lastKey());
  }

  private static double rank(TreeMap<Long, Long> h, long total, double q) {
    long wanted = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (Map.Entry<Long, Long> e : h.entrySet()) {
      seen += e.getValue();
      if (seen >= wanted) {
        return e.getKey();
      }
    }
    return h.lastKey();
  }

  @Nullable
  private static TrafficProfile.Latency latency(@Nullable DDSketch s) {
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
