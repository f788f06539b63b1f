package io.tollgate.gate.evaluation;

import io.tollgate.rules.model.Scenarios;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.SignatureSummary;
import java.sql.SQLException;
import java.util.List;

/**
 * "New in canary" for a feature-flag comparison: the failure signatures that failed with the
 * canary's variant in the window and never with the baseline's variant there, read from ingest's
 * per-variant failure counts.
 */
final class VariantScenarios {
  private final AggregateReader reader;

  VariantScenarios(AggregateReader reader) {
    this.reader = reader;
  }

  /** Whether canary and baseline select variants of a flag (checked to be the same flag). */
  static boolean applies(ObservationContext.Sides sides) {
    return sides.canaryAnalysis()
        && FlagSelector.of(sides.canary()).isPresent()
        && FlagSelector.of(sides.baseline()).isPresent();
  }

  Measurement count(Scenarios s, ObservationContext c) throws SourceException {
    FlagSelector canary = FlagSelector.of(c.sides().canary()).orElseThrow();
    FlagSelector baseline = FlagSelector.of(c.sides().baseline()).orElseThrow();
    String service = Templates.fill(s.service(), c.variables(c.sides().canary()));
    c.asked()
        .put(
            Side.CANARY,
            "failure signatures of service="
                + service
                + canary.describe()
                + " not seen with"
                + baseline.describe()
                + " in ["
                + c.from()
                + ", "
                + c.to()
                + ")");
    List<SignatureSummary> found;
    try {
      found = reader.variantSignatures(service, canary.flag(), c.from(), c.to());
    } catch (SQLException e) {
      throw new SourceException("reading failure signatures per variant failed", e);
    }
    long n =
        found.stream()
            .filter(
                sig ->
                    sig.failuresByTrack().getOrDefault(canary.variant(), 0L) > 0
                        && sig.failuresByTrack().getOrDefault(baseline.variant(), 0L) == 0)
            .count();
    return Measurement.ofValue(n);
  }
}
