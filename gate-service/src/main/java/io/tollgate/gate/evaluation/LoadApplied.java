package io.tollgate.gate.evaluation;

import java.util.Map;
import java.util.TreeMap;

/**
 * The load a test run applied per operation, in requests per minute, from its stored load-test
 * statistics.
 *
 * <ul>
 *   <li>k6: the per-operation request counters {@code http_reqs{name:"POST /checkout"}} (the
 *       generated script's thresholds make k6 write them): {@code rate} (per second, over the whole
 *       run) times 60, else {@code count} over the run's duration. k6's summary holds no time
 *       series, so this is the run's average: a constant-arrival-rate scenario keeps it at its
 *       target.
 *   <li>JMeter: per label {@code peak_per_minute} (the busiest whole minute of its samples), else
 *       {@code count} over the run's duration.
 * </ul>
 */
final class LoadApplied {
  static final String K6_REQUESTS = "http_reqs";
  static final String JMETER_PREFIX = "jmeter:";
  static final String JMETER_TOTAL = "jmeter:TOTAL";

  private LoadApplied() {}

  /**
   * Requests per minute by operation; an operation in several runs keeps its largest load.
   *
   * @param durationSeconds the run's duration, or NaN when unknown
   */
  static void add(
      Map<String, Map<String, Double>> metrics, double durationSeconds, Map<String, Double> into) {
    for (Map.Entry<String, Map<String, Double>> e : metrics.entrySet()) {
      String operation = operation(e.getKey());
      if (operation == null) {
        continue;
      }
      Map<String, Double> stats = e.getValue();
      double perMinute = Double.NaN;
      if (e.getKey().startsWith(JMETER_PREFIX) && stats.containsKey("peak_per_minute")) {
        perMinute = stats.get("peak_per_minute");
      } else if (!e.getKey().startsWith(JMETER_PREFIX) && stats.containsKey("rate")) {
        perMinute = stats.get("rate") * 60;
      } else if (stats.containsKey("count") && durationSeconds > 0) {
        perMinute = stats.get("count") / durationSeconds * 60;
      } else if (stats.getOrDefault("count", 0d) == 0) {
        perMinute = 0;
      }
      if (!Double.isNaN(perMinute)) {
        into.merge(operation, perMinute, Math::max);
      }
    }
  }

  static Map<String, Double> empty() {
    return new TreeMap<>();
  }

  /** The operation a metric counts, or null when it is not a per-operation request count. */
  static String operation(String metric) {
    if (metric.startsWith(JMETER_PREFIX)) {
      return metric.equals(JMETER_TOTAL) ? null : metric.substring(JMETER_PREFIX.length());
    }
    if (!metric.startsWith(K6_REQUESTS + "{") || !metric.endsWith("}")) {
      return null;
    }
    String inner = metric.substring(K6_REQUESTS.length() + 1, metric.length() - 1);
    int colon = inner.indexOf(':');
    if (colon < 0 || inner.indexOf(',') >= 0) {
      return null;
    }
    String key = trim(inner.substring(0, colon));
    return key.equals("name") ? trim(inner.substring(colon + 1)) : null;
  }

  /** As k6 trims a submetric's key and value: blanks, then quotes. */
  private static String trim(String s) {
    return s.strip().replaceAll("^[\"']+|[\"']+$", "");
  }
}
