package io.tollgate.rules.observation;

import java.util.Map;
import java.util.Optional;

/**
 * The input of one evaluation: per SLI name, what was observed. Filled by the gate-service from its
 * sources (ingested spans, metrics, Prometheus, test runs), or read from JSON/YAML by {@link
 * ObservationsReader} for offline rule tests.
 *
 * <pre>{@code
 * Observations obs = Observations.of(Map.of(
 *     "error_rate", SliObservation.canaryVsBaseline(
 *         Measurement.ofCounts(10_000, 200), Measurement.ofCounts(10_000, 100))));
 * }</pre>
 */
public record Observations(Map<String, SliObservation> slis) {
  public Observations {
    slis = Map.copyOf(slis);
  }

  /** Observations of the given SLIs. */
  public static Observations of(Map<String, SliObservation> slis) {
    return new Observations(slis);
  }

  /** What was observed for {@code sli}; empty when nothing was. */
  public Optional<SliObservation> of(String sli) {
    return Optional.ofNullable(slis.get(sli));
  }
}
