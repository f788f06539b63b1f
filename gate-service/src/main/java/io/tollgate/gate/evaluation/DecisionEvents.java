package io.tollgate.gate.evaluation;

import io.tollgate.rules.model.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Told of every final decision and every override inside the transaction that records it, on the
 * same connection: what it writes (an outbox row) commits or rolls back with the decision. It must
 * not call out of the process; publishing happens later, from the outbox.
 */
public interface DecisionEvents {

  /** A final decision (the last step, an error, or a cancellation) is being recorded. */
  void decided(Connection c, long evaluationId, Outcome outcome, Instant at) throws SQLException;

  /** An override, or its clearing ({@code row.outcome()} null), is being recorded. */
  void overridden(Connection c, OverrideRow row) throws SQLException;
}
