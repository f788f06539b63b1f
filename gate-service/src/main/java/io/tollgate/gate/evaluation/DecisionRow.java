package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.rules.model.Outcome;
import java.time.Instant;

/**
 * The judge's account of an evaluation (table {@code evaluation_decision}): the latest outcome,
 * interim while the job is PENDING and final once {@code decidedAt} is set, with the full {@link
 * Decision} as JSON in {@code result}. {@code pinned} and {@code excluded} say how the decision
 * serves as history for later vsHistory criteria.
 *
 * @param outcome null until the first step
 */
public record DecisionRow(
    long evaluationId,
    @Nullable Outcome outcome,
    @Nullable Double score,
    @Nullable String reason,
    @Nullable String result,
    @Nullable Instant decidedAt,
    boolean pinned,
    boolean excluded,
    Instant updatedAt) {

  static final String WAITING = "waiting for the first evaluation";

  /** No step has run yet. */
  static DecisionRow none(Instant now) {
    return new DecisionRow(0, null, null, WAITING, null, null, false, false, now);
  }

  DecisionRow withEvaluationId(long id) {
    return new DecisionRow(
        id, outcome, score, reason, result, decidedAt, pinned, excluded, updatedAt);
  }
}
