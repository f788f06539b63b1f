package io.tollgate.rules.model;

import java.util.Objects;

/**
 * A criterion with its scoring: its weight in the total score and whether it is a key objective
 * whose failure fails the gate whatever the score.
 */
public record Objective(Criterion criterion, double weight, boolean key, SourceLocation at) {
  public Objective {
    Objects.requireNonNull(criterion, "criterion");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be a finite number >= 0, got " + weight);
    }
  }
}
