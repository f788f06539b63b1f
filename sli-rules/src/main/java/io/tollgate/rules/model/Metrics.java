package io.tollgate.rules.model;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An SLI read from ingested OTLP metrics by name and attributes. Histograms are distributions;
 * counters and gauges are scalars.
 */
public record Metrics(
    String name, Map<String, String> attributes, Type type, OptionalDouble quantile)
    implements SliSource {

  /** The OTLP instrument kind. */
  public enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM
  }

  public Metrics {
    Objects.requireNonNull(name, "name");
    attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    Objects.requireNonNull(type, "type");
    quantile = quantile == null ? OptionalDouble.empty() : quantile;
  }

  @Override
  public String kind() {
    return "metrics";
  }

  /** The {@code attributes} values; the metric name is used as written. */
  @Override
  public Map<String, String> templates() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    new java.util.TreeMap<>(attributes).forEach((k, v) -> out.put("attributes." + k, v));
    return out;
  }

  @Override
  public ValueKind valueKind() {
    return type == Type.HISTOGRAM ? ValueKind.DISTRIBUTION : ValueKind.SCALAR;
  }
}
