package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * The job that runs an evaluation (table {@code evaluation_job}), written only by {@link JobStore}.
 * {@code status} is PENDING until the decision is final, DONE after, CANCELLED when stopped by
 * request. {@code claimVersion} fences a step's writes: a step writes only while the version it
 * claimed is current.
 */
public record JobRow(
    long evaluationId,
    EvaluationStatus status,
    Instant nextRunAt,
    Instant deadlineAt,
    int runs,
    @Nullable String claimedBy,
    @Nullable Instant claimUntil,
    long claimVersion,
    Instant updatedAt) {

  /** A job not yet run: due at once, unclaimed. */
  static JobRow pending(Instant now, Instant deadline) {
    return new JobRow(0, EvaluationStatus.PENDING, now, deadline, 0, null, null, 0, now);
  }

  JobRow withEvaluationId(long id) {
    return new JobRow(
        id, status, nextRunAt, deadlineAt, runs, claimedBy, claimUntil, claimVersion, updatedAt);
  }
}
