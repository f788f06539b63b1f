package io.tollgate.gate.evaluation;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/** Claims due evaluations in one short transaction ({@code FOR UPDATE SKIP LOCKED}). */
@Singleton
class JobClaims {
  private final EvaluationRepository evaluations;

  JobClaims(EvaluationRepository evaluations) {
    this.evaluations = evaluations;
  }

  @Transactional
  List<EvaluationRow> claim(Instant now, int limit, String node, Instant until) {
    List<EvaluationRow> due = evaluations.due(now, limit);
    for (EvaluationRow row : due) {
      evaluations.claim(row.id(), node, until);
    }
    return due;
  }
}
