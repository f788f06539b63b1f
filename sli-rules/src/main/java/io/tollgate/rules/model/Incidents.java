package io.tollgate.rules.model;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An SLI over a service's last incident: how many failure modes (production failure scenarios
 * active during the incident) no test covers, or how many it had. A gate blocks a release whose
 * service's last incident still has untested failure modes with {@code absolute: {pass: "== 0"}}.
 *
 * @param measure what to count
 * @param service the service ({@code $service} from the evaluated side)
 * @param withinDays only an incident that started at most this many days before the window's end
 *     counts; 0 means the last incident whenever it was
 */
public record Incidents(Measure measure, String service, int withinDays) implements SliSource {

  /** What an incidents SLI counts. */
  public enum Measure {
    /** Failure modes of the last incident that no recent test covers (touched counts as not). */
    UNCOVERED,
    /** Every failure mode of the last incident. */
    FAILURE_MODES
  }

  public Incidents {
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(service, "service");
    if (withinDays < 0) {
      throw new IllegalArgumentException("withinDays must be >= 0");
    }
  }

  @Override
  public String kind() {
    return "incidents";
  }

  /** {@code service}. */
  @Override
  public Map<String, String> templates() {
    return Map.of("service", service);
  }

  @Override
  public ValueKind valueKind() {
    return ValueKind.COUNT;
  }

  @Override
  public OptionalDouble quantile() {
    return OptionalDouble.empty();
  }
}
