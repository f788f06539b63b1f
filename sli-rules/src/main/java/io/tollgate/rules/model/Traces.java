package io.tollgate.rules.model;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An SLI derived from ingested spans of one service (and optionally one operation), filtered by
 * span attributes. {@code service} may use template variables such as {@code $service}.
 */
public record Traces(
    String service,
    String operation,
    Measure measure,
    OptionalDouble quantile,
    Map<String, String> filter)
    implements SliSource {

  /** What is measured from the spans. */
  public enum Measure {
    REQUESTS,
    ERROR_RATIO,
    LATENCY
  }

  public Traces {
    Objects.requireNonNull(service, "service");
    operation = operation == null ? "" : operation;
    Objects.requireNonNull(measure, "measure");
    quantile = quantile == null ? OptionalDouble.empty() : quantile;
    filter = Map.copyOf(filter == null ? Map.of() : filter);
  }

  @Override
  public String kind() {
    return "traces";
  }

  @Override
  public ValueKind valueKind() {
    return switch (measure) {
      case REQUESTS -> ValueKind.COUNT;
      case ERROR_RATIO -> ValueKind.ERROR_RATIO;
      case LATENCY -> ValueKind.DISTRIBUTION;
    };
  }
}
