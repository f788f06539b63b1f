package io.tollgate.gate.evaluation;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;

/**
 * Overrides, one row each and never updated: the latest row of an evaluation is the one in force,
 * so the history of who approved or blocked what, and who cleared it, stays readable.
 */
@Singleton
final class OverrideStore {
  private final Jdbc jdbc;
  private final List<DecisionEvents> events;

  OverrideStore(Jdbc jdbc, List<DecisionEvents> events) {
    this.jdbc = jdbc;
    this.events = List.copyOf(events);
  }

  /** Appends an override (or, with no outcome, its clearing). */
  void record(OverrideRow o) {
    String sql =
        "INSERT INTO evaluation_override (evaluation_id, outcome, reason, created_by, expires_at,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?)";
    try {
      jdbc.transaction(
          c -> {
            long id =
                jdbc.insert(
                    c, sql, o.evaluationId(), o.outcome(), o.reason(), o.by(), o.until(), o.at());
            OverrideRow stored =
                new OverrideRow(
                    id, o.evaluationId(), o.outcome(), o.reason(), o.by(), o.until(), o.at());
            for (DecisionEvents e : events) {
              e.overridden(c, stored);
            }
            return id;
          });
    } catch (SQLException e) {
      throw Jdbc.failed(sql, e);
    }
  }

  /** Every override of an evaluation, oldest first. */
  List<OverrideRow> history(long evaluationId) {
    return jdbc.query(
        "SELECT id, outcome, reason, created_by, expires_at, created_at FROM evaluation_override"
            + " WHERE evaluation_id = ? ORDER BY id",
        r -> {
          String outcome = r.getString(2);
          return new OverrideRow(
              r.getLong(1),
              evaluationId,
              outcome == null ? null : io.tollgate.rules.model.Outcome.valueOf(outcome),
              r.getString(3),
              r.getString(4),
              Jdbc.instant(r, 5),
              Jdbc.instant(r, 6));
        },
        evaluationId);
  }
}
