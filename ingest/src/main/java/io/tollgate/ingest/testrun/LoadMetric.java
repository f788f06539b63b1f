package io.tollgate.ingest.testrun;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * A load-test metric with its statistics, keyed as the tool names them: k6 trends carry {@code avg,
 * min, med, max, p(90), p(95)}; k6 rates {@code rate, passes, fails}; JMeter labels {@code count,
 * errors, error_rate, avg, min, max, p(50), p(90), p(95), p(99)} in milliseconds.
 */
public record LoadMetric(String name, String type, Map<String, Double> stats) {

  public LoadMetric {
    stats = Map.copyOf(stats);
  }

  public OptionalDouble stat(String key) {
    Double v = stats.get(key);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
