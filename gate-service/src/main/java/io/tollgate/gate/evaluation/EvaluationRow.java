package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.tollgate.rules.model.Outcome;
import java.time.Instant;

/**
 * An evaluation: the request, its job state and, once decided, the decision. {@code status} is
 * PENDING until the decision is final, DONE after (CANCELLED when stopped, with outcome ERROR);
 * {@code outcome} holds the latest (interim or final) outcome. {@code claimVersion} fences a step's
 * writes: a step writes only while the version it claimed is current.
 */
@MappedEntity("evaluation")
public record EvaluationRow(
    @Id @GeneratedValue @Nullable Long id,
    String gateName,
    int gateVersion,
    EvaluationStatus status,
    @Nullable Outcome outcome,
    @Nullable Double score,
    @Nullable String reason,
    String request,
    @Nullable String result,
    @Nullable String service,
    @Nullable String version,
    @Nullable String commitSha,
    @Nullable String idempotencyKey,
    String createdBy,
    String caller,
    @Nullable Long createdByToken,
    @Nullable String requestHash,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant decidedAt,
    Instant nextRunAt,
    Instant deadlineAt,
    int runs,
    @Nullable String claimedBy,
    @Nullable Instant claimUntil,
    long claimVersion,
    boolean pinned,
    boolean excluded,
    @Nullable Outcome overrideOutcome,
    @Nullable String overrideReason,
    @Nullable String overrideBy,
    @Nullable Instant overrideUntil) {

  /** True once decided or cancelled: no further step runs. */
  public boolean done() {
    return status.finished();
  }

  /** The outcome a pipeline acts on: an unexpired override wins, then the final outcome. */
  public String effectiveOutcome(Instant now) {
    if (overrideOutcome != null && (overrideUntil == null || overrideUntil.isAfter(now))) {
      return overrideOutcome.name();
    }
    return done() && outcome != null ? outcome.name() : EvaluationStatus.PENDING.name();
  }
}
