package io.tollgate.rules.observation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *
 * @param slis per SLI name, what was observed
 * @param look whether this is an interim look of a continuous evaluation or the final one
 * @param expectedShares the canary share the rollout asked for, oldest first (may be empty)
 */
public record Observations(
    Map<String, SliObservation> slis, Look look, List<ExpectedShare> expectedShares) {
  public Observations {
    slis = Map.copyOf(slis);
    Objects.requireNonNull(look, "look");
    expectedShares =
        expectedShares == null
            ? List.of()
            : expectedShares.stream().sorted(Comparator.comparing(ExpectedShare::from)).toList();
  }

  /** Observations of the given SLIs, judged as a final look. */
  public static Observations of(Map<String, SliObservation> slis) {
    return new Observations(slis, Look.FINAL, List.of());
  }

  /** A copy at another look. */
  public Observations withLook(Look look) {
    return new Observations(slis, look, expectedShares);
  }

  /** A copy with the rollout's expected canary shares. */
  public Observations withExpectedShares(List<ExpectedShare> shares) {
    return new Observations(slis, look, shares);
  }

  /** What was observed for {@code sli}; empty when nothing was. */
  public Optional<SliObservation> of(String sli) {
    return Optional.ofNullable(slis.get(sli));
  }
}
