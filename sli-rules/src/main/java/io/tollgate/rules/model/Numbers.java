package io.tollgate.rules.model;

import java.math.BigDecimal;

/** Formats numbers the way rules and reports show them: short, no trailing zeros. */
public final class Numbers {
  private Numbers() {}

  /** {@code 0.01} stays {@code 0.01}, {@code 2.0} becomes {@code 2}, 6 significant digits. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    BigDecimal d = new BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
    return Math.abs(v) < 1e-4 ? d.toString() : d.toPlainString();
  }
}
