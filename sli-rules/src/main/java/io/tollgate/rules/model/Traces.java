package io.tollgate.rules.model;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An SLI derived from ingested spans of one service (and optionally one operation), filtered by
 * span attributes. {@code service} may use template variables such as {@code $service}. {@code
 * traffic} says whether test traffic counts (by default it does not).
 */
public record Traces(
    String service,
    String operation,
    Measure measure,
    OptionalDouble quantile,
    Map<String, String> filter,
    Traffic traffic)
    implements SliSource {

  /** An SLI of user traffic only (the default). */
  public Traces(
      String service,
      String operation,
      Measure measure,
      OptionalDouble quantile,
      Map<String, String> filter) {
    this(service, operation, measure, quantile, filter, Traffic.USERS);
  }

  /** What is measured from the spans. */
  public enum Measure {
    REQUESTS,
    ERROR_RATIO,
    LATENCY
  }

  /**
   * Which spans an SLI reads: {@code USERS} leaves out test traffic (spans ingest recognised by
   * their test run, case, suite or synthetic user agent), {@code TESTS} reads only test traffic,
   * {@code ALL} both.
   */
  public enum Traffic {
    USERS,
    TESTS,
    ALL
  }

  public Traces {
    Objects.requireNonNull(service, "service");
    traffic = traffic == null ? Traffic.USERS : traffic;
    operation = operation == null ? "" : operation;
    Objects.requireNonNull(measure, "measure");
    quantile = quantile == null ? OptionalDouble.empty() : quantile;
    filter = Map.copyOf(filter == null ? Map.of() : filter);
  }

  @Override
  public String kind() {
    return "traces";
  }

  /** {@code service}, {@code operation} and the {@code filter} values. */
  @Override
  public Map<String, String> templates() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put("service", service);
    if (!operation.isEmpty()) {
      out.put("operation", operation);
    }
    new java.util.TreeMap<>(filter).forEach((k, v) -> out.put("filter." + k, v));
    return out;
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
