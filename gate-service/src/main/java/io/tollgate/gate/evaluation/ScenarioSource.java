package io.tollgate.gate.evaluation;

import io.tollgate.gate.scenarios.Coverage;
import io.tollgate.gate.scenarios.Environment;
import io.tollgate.gate.scenarios.Scenario;
import io.tollgate.gate.scenarios.ScenarioCatalog;
import io.tollgate.rules.model.Scenarios;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.telemetry.store.AggregateReader;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code scenarios} SLIs from the failure scenario catalog: canary scenarios never seen in
 * production that occurred in the evaluation window, or production scenarios no recent test covers
 * or touches, first seen at least {@code olderThanDays} before the window's end. When canary and
 * baseline select two variants of a feature flag, "new in canary" counts the failure signatures of
 * the canary's variant that the baseline's variant did not have in the window ({@link
 * VariantScenarios}).
 */
@Singleton
final class ScenarioSource implements ObservationSource<Scenarios> {
  private final ScenarioCatalog catalog;
  private final VariantScenarios variants;

  ScenarioSource(ScenarioCatalog catalog, AggregateReader reader) {
    this.catalog = catalog;
    this.variants = new VariantScenarios(reader);
  }

  @Override
  public Class<Scenarios> type() {
    return Scenarios.class;
  }

  /**
   * Flag selectors are fine: it new_in_canary reads failures per variant; uncovered does not depend
   * on the sides.
   */
  @Override
  public boolean supportsFlagSelectors() {
    return true;
  }

  @Override
  public SliObservation observe(Scenarios s, Sli sli, ObservationContext c) throws SourceException {
    Side side = c.sides().canaryAnalysis() ? c.sides().canary() : c.sides().target();
    Measurement n =
        s.measure() == Scenarios.Measure.NEW_IN_CANARY && VariantScenarios.applies(c.sides())
            ? variants.count(s, c)
            : count(s, side, c.variables(side), c.from(), c.to(), c.asked());
    return new SliObservation(
        Optional.empty(), Optional.empty(), Optional.of(n), List.of(), List.of(), Optional.empty());
  }

  static String describe(Scenarios s, String service, Instant from, Instant to) {
    return s.measure() == Scenarios.Measure.NEW_IN_CANARY
        ? "scenarios new in canary for service=" + service + " seen in [" + from + ", " + to + ")"
        : "uncovered production scenarios for service="
            + service
            + " first seen before "
            + to.minus(Duration.ofDays(s.olderThanDays()));
  }

  Measurement count(
      Scenarios s,
      Side side,
      Map<String, String> vars,
      Instant from,
      Instant to,
      Map<String, String> asked)
      throws SourceException {
    String service = Templates.fill(s.service(), vars);
    asked.put(side.name(), describe(s, service, from, to));
    List<Scenario> found;
    try {
      found =
          s.measure() == Scenarios.Measure.NEW_IN_CANARY
              ? catalog.list(
                  new ScenarioCatalog.Filter(Environment.CANARY, service, null, true, null))
              : catalog.list(
                  new ScenarioCatalog.Filter(
                      Environment.PRODUCTION, service, Coverage.UNCOVERED, false, null));
    } catch (RuntimeException e) {
      throw new SourceException("reading failure scenarios failed", e);
    }
    Instant cutoff = to.minus(Duration.ofDays(s.olderThanDays()));
    long n =
        found.stream()
            .filter(
                sc ->
                    s.measure() == Scenarios.Measure.NEW_IN_CANARY
                        ? !sc.lastSeen().isBefore(from) && sc.firstSeen().isBefore(to)
                        : !sc.firstSeen().isAfter(cutoff))
            .count();
    return Measurement.ofValue(n);
  }
}
