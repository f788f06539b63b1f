package io.tollgate.rules.eval;

import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.SourceLocation;

/**
 * The verdict on one criterion: its outcome, a one-line reason, the evidence, and how it counts
 * (weight, key, or ignored by {@code onMissingData: ignore}).
 */
public record CriterionResult(
    String kind,
    Outcome outcome,
    String reason,
    Evidence evidence,
    double weight,
    boolean key,
    boolean ignored,
    SourceLocation at) {

  /** The score this criterion earns: full weight for PASS, half for WARN, nothing otherwise. */
  public double earned() {
    return switch (outcome) {
      case PASS -> weight;
      case WARN -> weight / 2;
      default -> 0;
    };
  }
}
