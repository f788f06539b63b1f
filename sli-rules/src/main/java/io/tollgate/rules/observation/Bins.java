package io.tollgate.rules.observation;

/**
 * A distribution as ascending distinct keys with their counts: the form rank tests run on. Equal
 * keys on two sides are ties, so two sides are comparable only when their keys mean the same (same
 * histogram bounds, same sketch mapping, or raw values).
 */
public record Bins(double[] keys, double[] counts, double total, String scale) {
  /** Checks the arrays line up; the arrays are shared, not copied: do not modify them. */
  public Bins {
    if (keys.length != counts.length) {
      throw new IllegalArgumentException("keys and counts differ in length");
    }
  }
}
