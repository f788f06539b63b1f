package io.tollgate.gate.evaluation;

import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * The people's side of a decision: pinning it as a history baseline or excluding it from history. A
 * step's outcome is written by {@link JobStore}, fenced by the job's claim.
 */
@Singleton
final class DecisionStore {
  private final Jdbc jdbc;

  DecisionStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** False when the evaluation does not exist. */
  boolean pin(long evaluationId, boolean pinned, boolean excluded, Instant now) {
    return jdbc.update(
            "UPDATE evaluation_decision SET pinned = ?, excluded = ?, updated_at = ?"
                + " WHERE evaluation_id = ?",
            pinned,
            excluded,
            now,
            evaluationId)
        == 1;
  }
}
