package io.tollgate.rules.model;

/**
 * How a value is compared with a reference: as {@code value / reference} or {@code value -
 * reference}.
 */
public enum RelativeMode {
  RATIO,
  DELTA
}
