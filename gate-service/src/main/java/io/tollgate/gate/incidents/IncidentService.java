package io.tollgate.gate.incidents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.scenarios.Environment;
import io.tollgate.gate.scenarios.Scenario;
import io.tollgate.gate.scenarios.ScenarioCatalog;
import io.tollgate.gate.store.AuditLog;
import io.tollgate.telemetry.store.SignatureMinute;
import io.tollgate.telemetry.store.SignatureReader;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Incidents and the failure modes active during them: the production scenarios of the incident's
 * service whose signatures failed, on any track but the canary, between its start and its
 * resolution (or now, while it is open).
 */
@Singleton
public class IncidentService {
  /** How far ahead of the server's clock an incident may say it started (clock skew). */
  static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  private final IncidentStore store;
  private final ScenarioCatalog catalog;
  private final SignatureReader signatures;
  private final AuditLog audit;
  private final Clock clock;

  IncidentService(
      IncidentStore store,
      ScenarioCatalog catalog,
      SignatureReader signatures,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.catalog = catalog;
    this.signatures = signatures;
    this.audit = audit;
    this.clock = clock;
  }

  /** An incident with its failure modes, most failures first. */
  @Serdeable
  public record Detail(Incident incident, List<FailureMode> failureModes, long uncovered) {}

  Incident create(Incident i) {
    checkSpan(i.startedAt(), i.resolvedAt(), "/startedAt", "/resolvedAt");
    try {
      if (store.bySource(i.source(), i.sourceId()).isPresent()) {
        throw new ProblemException(
            ProblemType.CONFLICT,
            "an incident with source '" + i.source() + "' and id '" + i.sourceId() + "' exists");
      }
      Incident saved = store.insert(i);
      audit.record(
          i.createdBy(),
          "incident.create",
          "incident/" + saved.id(),
          i.service() + ": " + i.title());
      return saved;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the incident", e);
    }
  }

  /** A detected event: the incident it names, created once (a repeat returns the first). */
  Incident detected(Incident i) {
    try {
      Optional<Incident> known = store.bySource(i.source(), i.sourceId());
      return known.isPresent() ? known.get() : create(i);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read incidents", e);
    }
  }

  /** The incident a source knows by this id, if it was received before. */
  Optional<Incident> bySource(String source, String sourceId) {
    try {
      return store.bySource(source, sourceId);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read incidents", e);
    }
  }

  /** A resolved event: the incident it names, resolved at {@code at}. */
  Incident resolved(String source, String sourceId, Instant at, String who) {
    try {
      Incident known =
          store
              .bySource(source, sourceId)
              .orElseThrow(
                  () ->
                      ProblemException.notFound(
                          "incident '" + sourceId + "' of source '" + source + "'"));
      return close(known, at, who, "/context/timestamp");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot resolve the incident", e);
    }
  }

  private Incident close(Incident known, Instant at, String who, String field) throws SQLException {
    checkSpan(known.startedAt(), at, "/startedAt", field);
    store.resolve(known.id(), at);
    audit.record(who, "incident.resolve", "incident/" + known.id(), at.toString());
    return store.find(known.id()).orElseThrow();
  }

  /** Resolves incident {@code id} at {@code at} (through the API). */
  Incident resolve(long id, Instant at, String who) {
    try {
      Incident known =
          store.find(id).orElseThrow(() -> ProblemException.notFound("incident " + id));
      return close(known, at, who, "/resolvedAt");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the incident", e);
    }
  }

  public List<Incident> page(@Nullable String service, @Nullable Long beforeId, int limit) {
    try {
      return store.page(service, beforeId, limit);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read incidents", e);
    }
  }

  public Detail detail(long id, UnaryOperator<String> show) {
    try {
      Incident i = store.find(id).orElseThrow(() -> ProblemException.notFound("incident " + id));
      return detail(i, show);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the incident", e);
    }
  }

  /** The last incident of a service (by start), with its failure modes. */
  public Optional<Detail> last(String service) {
    try {
      return store.last(service).map(i -> detail(i, UnaryOperator.identity()));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read incidents", e);
    }
  }

  private Detail detail(Incident i, UnaryOperator<String> show) {
    List<FailureMode> modes = failureModes(i, show);
    return new Detail(i, modes, modes.stream().filter(FailureMode::uncovered).count());
  }

  private List<FailureMode> failureModes(Incident i, UnaryOperator<String> show) {
    List<Scenario> production =
        catalog.list(
            new ScenarioCatalog.Filter(Environment.PRODUCTION, i.service(), null, false, null));
    if (production.isEmpty()) {
      return List.of();
    }
    Instant from = i.startedAt().truncatedTo(ChronoUnit.MINUTES);
    Instant to =
        i.endAt(clock.instant()).truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    Map<String, Long> failures = new HashMap<>();
    try {
      for (SignatureMinute m :
          signatures.minutes(production.stream().map(Scenario::signatureId).toList(), from, to)) {
        if (Environment.ofTrack(m.track()) == Environment.PRODUCTION) {
          failures.merge(m.signatureId(), m.failures(), Long::sum);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the incident's failure signatures", e);
    }
    return production.stream()
        .filter(s -> failures.getOrDefault(s.signatureId(), 0L) > 0)
        .map(s -> FailureMode.of(s, failures.get(s.signatureId()), show))
        .sorted(
            Comparator.comparingLong(FailureMode::failures)
                .reversed()
                .thenComparing(FailureMode::scenarioId))
        .toList();
  }

  private void checkSpan(
      Instant started, @Nullable Instant resolved, String startField, String endField) {
    inStorableRange(started, startField);
    if (resolved != null) {
      inStorableRange(resolved, endField);
    }
    if (started.isAfter(clock.instant().plus(MAX_FUTURE))) {
      throw ProblemException.badRequest(startField + ": an incident cannot start in the future");
    }
    if (resolved != null && resolved.isBefore(started)) {
      throw ProblemException.badRequest(
          endField + ": the incident cannot be resolved before it started (" + started + ")");
    }
  }

  private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");

  /** PostgreSQL stores years 4713 BC to 294276 AD; incidents are refused outside 1970 to 9999. */
  private static void inStorableRange(Instant at, String field) {
    if (at.isBefore(Instant.EPOCH) || !at.isBefore(YEAR_10000)) {
      throw ProblemException.badRequest(
          field + ": must lie between 1970 and 9999 (was " + at + ")");
    }
  }
}
