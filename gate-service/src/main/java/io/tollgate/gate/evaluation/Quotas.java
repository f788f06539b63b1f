package io.tollgate.gate.evaluation;

import jakarta.inject.Singleton;

/**
 * Fairness between teams: at most {@code max-active-per-token} running evaluations per API token
 * and {@code max-active-per-gate} per gate. Counted in the database, so the limits hold across
 * replicas; two starts racing on different replicas may overshoot by one each.
 */
@Singleton
final class Quotas {
  private final EvaluationRepository evaluations;
  private final EvaluationProperties properties;

  Quotas(EvaluationRepository evaluations, EvaluationProperties properties) {
    this.evaluations = evaluations;
    this.properties = properties;
  }

  /** Throws {@link QuotaExceeded} when one more running evaluation would pass a limit. */
  void check(Caller who, String gate) {
    long mine = evaluations.countRunningByCaller(who.scope());
    if (mine >= properties.maxActivePerToken()) {
      throw new QuotaExceeded(
          "this token has "
              + mine
              + " running evaluations, the most allowed (tollgate.evaluations"
              + ".max-active-per-token); wait for one to finish or cancel one",
          properties.retryAfter());
    }
    long ofGate = evaluations.countRunningByGate(gate);
    if (ofGate >= properties.maxActivePerGate()) {
      throw new QuotaExceeded(
          "gate "
              + gate
              + " has "
              + ofGate
              + " running evaluations, the most allowed (tollgate.evaluations"
              + ".max-active-per-gate)",
          properties.retryAfter());
    }
  }
}
