package io.tollgate.rules.model;

/**
 * The verdict on one criterion, one SLI or a whole gate.
 *
 * <p>Ordered from best to worst for aggregation: a gate is never better than its worst key
 * criterion.
 */
public enum Outcome {
  PASS,
  WARN,
  INCONCLUSIVE,
  ERROR,
  FAIL;

  /**
   * The worse of two outcomes in the order PASS &lt; WARN &lt; INCONCLUSIVE &lt; ERROR &lt; FAIL.
   */
  public Outcome worse(Outcome other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
