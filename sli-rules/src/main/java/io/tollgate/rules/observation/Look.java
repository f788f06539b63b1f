package io.tollgate.rules.observation;

/**
 * Which look at the data an evaluation is. A continuous evaluation looks again every interval; only
 * anytime-valid criteria may decide at an {@link #INTERIM} look, while fixed-sample criteria
 * (thresholds, vsBaseline, two_proportion, mann_whitney, quantile) are judged once, at the {@link
 * #FINAL} look. A one-off evaluation is a single final look.
 */
public enum Look {
  /** A look before the end of a continuous evaluation. */
  INTERIM,
  /** The last (or only) look: every criterion is judged. */
  FINAL
}
