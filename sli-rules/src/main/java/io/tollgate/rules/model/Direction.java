package io.tollgate.rules.model;

/** Which way an SLI gets worse. Relative and statistical criteria only fail in that direction. */
public enum Direction {
  LOWER_IS_BETTER,
  HIGHER_IS_BETTER;

  /** True when {@code candidate} is worse than {@code reference} in this direction. */
  public boolean isWorse(double candidate, double reference) {
    return this == LOWER_IS_BETTER ? candidate > reference : candidate < reference;
  }

  /** +1 when larger values are worse, -1 otherwise: multiply a signed difference to orient it. */
  public int worseSign() {
    return this == LOWER_IS_BETTER ? 1 : -1;
  }
}
