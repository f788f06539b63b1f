package io.tollgate.gate.deploy;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.cdevents.Fields;
import io.tollgate.gate.evaluation.Caller;
import io.tollgate.gate.evaluation.EvaluationRow;
import io.tollgate.gate.evaluation.EvaluationService;
import io.tollgate.gate.store.AuditLog;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records release changes (deployments, flag changes) once each and starts the gates bound to them;
 * answers for a change with where each of its watches stands.
 */
@Singleton
public class Changes {
  /** How far ahead of the server's clock a change may say it happened (clock skew). */
  static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");

  /** A change as stored, and whether this call stored it (false: a repeat of a stored one). */
  public record Received(Change change, boolean created) {}

  private final ChangeStore store;
  private final Watcher watcher;
  private final EvaluationService evaluations;
  private final AuditLog audit;
  private final Clock clock;

  Changes(
      ChangeStore store,
      Watcher watcher,
      EvaluationService evaluations,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.watcher = watcher;
    this.evaluations = evaluations;
    this.audit = audit;
    this.clock = clock;
  }

  /** Refuses a change whose time cannot be stored or lies in the future. */
  static Change checked(Change c, String pointer) {
    if (c.at().isBefore(Instant.EPOCH) || !c.at().isBefore(YEAR_10000)) {
      throw Fields.invalid(pointer, "must lie between 1970 and 9999");
    }
    return c;
  }

  /**
   * Stores the change and starts its bound gates; a change already stored (same source and id) is
   * answered as it stands and starts nothing.
   */
  public Received receive(Change c, Caller caller) {
    Instant now = clock.instant();
    if (c.at().isAfter(now.plus(MAX_FUTURE))) {
      throw ProblemException.badRequest(
          "the change happened in the future (" + c.at() + "); check the sender's clock");
    }
    Change incoming = c.receivedAt(now);
    try {
      var stored = store.insert(incoming);
      if (stored.isEmpty()) {
        Change known = store.bySource(c.source(), c.sourceId()).orElseThrow();
        return new Received(withWatches(known), false);
      }
      Change saved = stored.get();
      audit.record(
          c.receivedBy(),
          "change." + c.trigger().name().toLowerCase(java.util.Locale.ROOT),
          "change/" + saved.id(),
          c.service()
              + (c.version() == null ? "" : " " + c.version())
              + (c.flag() == null ? "" : " flag " + c.flag() + "=" + c.variant()));
      watcher.start(saved, caller);
      return new Received(withWatches(saved), true);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the change", e);
    }
  }

  public Change get(long id) {
    try {
      return withWatches(
          store.find(id).orElseThrow(() -> ProblemException.notFound("change " + id)));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the change", e);
    }
  }

  public List<Change> page(@Nullable String service, @Nullable Long beforeId, int limit) {
    try {
      List<Change> out = new ArrayList<>();
      for (Change c : store.page(service, beforeId, limit)) {
        out.add(withWatches(c));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read changes", e);
    }
  }

  private Change withWatches(Change c) throws SQLException {
    Instant now = clock.instant();
    List<Change.Watch> out = new ArrayList<>();
    for (Change.Watch w : store.watches(c.id())) {
      if (w.evaluationId() == null) {
        out.add(w);
        continue;
      }
      try {
        EvaluationRow row = evaluations.read(w.evaluationId());
        String outcome = row.done() ? row.effectiveOutcome(now) : null;
        out.add(
            new Change.Watch(
                w.gate(),
                w.evaluationId(),
                null,
                row.status().name(),
                outcome,
                Recommendation.of(row, now).id()));
      } catch (ProblemException gone) {
        // removed by retention
        out.add(
            new Change.Watch(w.gate(), w.evaluationId(), "evaluation removed", null, null, null));
      }
    }
    return c.withWatches(out);
  }
}
