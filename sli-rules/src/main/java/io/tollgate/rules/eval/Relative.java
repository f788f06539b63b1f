package io.tollgate.rules.eval;

import io.tollgate.rules.model.Condition;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.RelativeMode;
import java.util.Optional;

/**
 * Compares a value with a reference as a ratio or a delta. Differences smaller than the minimum
 * absolute delta pass; a zero reference in ratio mode compares as +Inf (value above zero), -Inf
 * (below) or 1 (both zero), so a zero baseline never divides by zero and never passes by accident.
 */
final class Relative {
  private Relative() {}

  static Verdict judge(
      String side,
      double value,
      String referenceName,
      double reference,
      RelativeMode mode,
      Condition pass,
      Optional<Condition> warn,
      double minAbsoluteDelta,
      Evidence.Builder evidence) {
    double delta = value - reference;
    evidence.value(side, value).value(referenceName, reference);
    evidence.thresholds(
        Thresholds.describe(pass, warn)
            + (minAbsoluteDelta > 0
                ? ", minAbsoluteDelta " + Numbers.format(minAbsoluteDelta)
                : ""));
    String values =
        " ("
            + side
            + " "
            + Numbers.format(value)
            + ", "
            + referenceName
            + " "
            + Numbers.format(reference)
            + ")";
    if (Math.abs(delta) < minAbsoluteDelta) {
      evidence.effect(delta);
      return Verdict.of(
          Outcome.PASS,
          "difference "
              + Numbers.format(delta)
              + " is below minAbsoluteDelta "
              + Numbers.format(minAbsoluteDelta)
              + values,
          evidence.build());
    }
    double compared;
    String what;
    if (mode == RelativeMode.DELTA) {
      compared = delta;
      what = "delta";
    } else if (reference == 0) {
      compared = value == 0 ? 1 : (value > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
      what = "ratio (zero " + referenceName + ")";
    } else {
      compared = value / reference;
      what = "ratio";
    }
    evidence.effect(compared);
    Outcome o = Thresholds.classify(compared, pass, warn);
    return Verdict.of(
        o,
        side
            + "/"
            + referenceName
            + " "
            + what
            + " "
            + Numbers.format(compared)
            + " "
            + Thresholds.explain(o, pass, warn)
            + values,
        evidence.build());
  }
}
