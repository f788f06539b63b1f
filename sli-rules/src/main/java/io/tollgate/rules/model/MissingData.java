package io.tollgate.rules.model;

/**
 * What a criterion yields when the data it needs is missing. The default is {@link #INCONCLUSIVE}:
 * a gate never passes silently for lack of data.
 */
public enum MissingData {
  /** The criterion is INCONCLUSIVE and holds the gate INCONCLUSIVE (default). */
  INCONCLUSIVE,
  /** The criterion fails. */
  FAIL,
  /** The criterion warns (half weight). */
  WARN,
  /** The criterion is reported INCONCLUSIVE but left out of the score and the gate decision. */
  IGNORE
}
