package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import java.util.Locale;

/** E-values in reasons: plain up to a million, then in scientific notation (they reach 1e300). */
final class EValues {
  private EValues() {}

  static String format(double e) {
    return e < 1e6 ? Numbers.format(e) : String.format(Locale.ROOT, "%.3g", e);
  }
}
