package io.tollgate.rules.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The numbers behind a verdict: values per side (and references such as a history aggregate), the
 * thresholds applied, the test statistic, p-value or e-value, confidence interval, effect size,
 * sample counts per side and, when inconclusive for lack of samples, how many are still needed.
 * Sequential tests also give their trajectory when {@link JudgeOptions#trajectories()} asks.
 */
public record Evidence(
    Map<String, Double> values,
    String thresholds,
    OptionalDouble statistic,
    OptionalDouble pValue,
    OptionalDouble ciLow,
    OptionalDouble ciHigh,
    OptionalDouble effect,
    Map<String, Double> samples,
    OptionalLong samplesNeeded,
    List<TrajectoryPoint> trajectory) {

  /** No evidence. */
  public static final Evidence NONE = new Builder().build();

  public Evidence {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    samples = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(samples));
    thresholds = thresholds == null ? "" : thresholds;
    trajectory = List.copyOf(trajectory == null ? List.of() : trajectory);
  }

  /** Evidence without a trajectory. */
  public Evidence(
      Map<String, Double> values,
      String thresholds,
      OptionalDouble statistic,
      OptionalDouble pValue,
      OptionalDouble ciLow,
      OptionalDouble ciHigh,
      OptionalDouble effect,
      Map<String, Double> samples,
      OptionalLong samplesNeeded) {
    this(
        values,
        thresholds,
        statistic,
        pValue,
        ciLow,
        ciHigh,
        effect,
        samples,
        samplesNeeded,
        List.of());
  }

  /** Collects evidence while a criterion is judged. */
  static final class Builder {
    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, Double> samples = new LinkedHashMap<>();
    private String thresholds = "";
    private OptionalDouble statistic = OptionalDouble.empty();
    private OptionalDouble pValue = OptionalDouble.empty();
    private OptionalDouble ciLow = OptionalDouble.empty();
    private OptionalDouble ciHigh = OptionalDouble.empty();
    private OptionalDouble effect = OptionalDouble.empty();
    private OptionalLong needed = OptionalLong.empty();
    private List<TrajectoryPoint> trajectory = List.of();

    Builder value(String side, double v) {
      values.put(side, v);
      return this;
    }

    Builder samples(String side, double n) {
      samples.put(side, n);
      return this;
    }

    Builder thresholds(String t) {
      thresholds = t;
      return this;
    }

    Builder statistic(double v) {
      statistic = OptionalDouble.of(v);
      return this;
    }

    Builder pValue(double v) {
      pValue = OptionalDouble.of(v);
      return this;
    }

    Builder ci(double low, double high) {
      ciLow = OptionalDouble.of(low);
      ciHigh = OptionalDouble.of(high);
      return this;
    }

    Builder effect(double v) {
      effect = OptionalDouble.of(v);
      return this;
    }

    Builder needed(long n) {
      needed = OptionalLong.of(n);
      return this;
    }

    Builder trajectory(List<TrajectoryPoint> points) {
      trajectory = points;
      return this;
    }

    Evidence build() {
      return new Evidence(
          values,
          thresholds,
          statistic,
          pValue,
          ciLow,
          ciHigh,
          effect,
          samples,
          needed,
          trajectory);
    }
  }
}
