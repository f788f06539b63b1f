package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.scenarios.Environment;
import io.tollgate.gate.scenarios.Scenario;
import io.tollgate.gate.scenarios.ScenarioCatalog;
import io.tollgate.gate.testrun.TestRunQueries;
import io.tollgate.gate.testrun.TestRunRow;
import io.tollgate.telemetry.store.SignatureReader;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a decision judged beyond its SLIs: the failure scenarios of the judged version within the
 * evaluation's window, and the test runs of a test-run decision.
 */
@Singleton
final class DecisionScenarios {
  static final int MAX = 10;

  private final ScenarioCatalog catalog;
  private final SignatureReader signatures;
  private final TestRunQueries runs;

  DecisionScenarios(ScenarioCatalog catalog, SignatureReader signatures, TestRunQueries runs) {
    this.catalog = catalog;
    this.signatures = signatures;
    this.runs = runs;
  }

  /**
   * A canary decision lists the canary scenarios that its canary version emitted in [from, to]; a
   * production check lists the production scenarios of its service seen in the window.
   */
  List<Scenario> of(String service, Map<String, Object> canary, Instant from, Instant to) {
    if (service.isEmpty()) {
      return List.of();
    }
    Instant end = to.plus(1, ChronoUnit.MINUTES);
    if (canary.isEmpty()) {
      return catalog
          .list(new ScenarioCatalog.Filter(Environment.PRODUCTION, service, null, false, null))
          .stream()
          .filter(s -> !s.lastSeen().isBefore(from) && s.firstSeen().isBefore(end))
          .limit(MAX)
          .toList();
    }
    Object version = canary.get("version");
    if (version == null) {
      return List.of();
    }
    String track = String.valueOf(canary.getOrDefault("track", "canary"));
    Set<String> emitted;
    try {
      emitted =
          signatures.emittedBy(
              service, version.toString(), track, from.truncatedTo(ChronoUnit.MINUTES), end);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the decision's failure signatures", e);
    }
    if (emitted.isEmpty()) {
      return List.of();
    }
    return catalog
        .list(new ScenarioCatalog.Filter(Environment.CANARY, service, null, false, null))
        .stream()
        .filter(s -> emitted.contains(s.signatureId()))
        .limit(MAX)
        .toList();
  }

  /** The test runs a decision judged, as far as they still exist. */
  List<TestRunRow> runs(@Nullable Object ids) {
    List<TestRunRow> out = new ArrayList<>();
    if (ids instanceof List<?> list) {
      for (Object id : list) {
        if (id instanceof Number n) {
          runs.run(n.longValue()).ifPresent(out::add);
        }
      }
    }
    return out;
  }
}
