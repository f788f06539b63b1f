package io.tollgate.rules.eval;

import io.tollgate.rules.model.Condition;
import io.tollgate.rules.model.Outcome;
import java.util.Optional;

/** Applies a pass condition and an optional warn condition to a value. */
final class Thresholds {
  private Thresholds() {}

  static Outcome classify(double value, Condition pass, Optional<Condition> warn) {
    if (pass.test(value)) {
      return Outcome.PASS;
    }
    return warn.isPresent() && warn.get().test(value) ? Outcome.WARN : Outcome.FAIL;
  }

  static String describe(Condition pass, Optional<Condition> warn) {
    return "pass " + pass + warn.map(w -> ", warn " + w).orElse("");
  }

  /** "meets pass <= 1", "meets warn <= 2 (pass <= 1 not met)", "fails pass <= 1 and warn <= 2". */
  static String explain(Outcome o, Condition pass, Optional<Condition> warn) {
    return switch (o) {
      case PASS -> "meets pass " + pass;
      case WARN -> "meets only warn " + warn.orElseThrow() + " (pass " + pass + ")";
      default -> "fails pass " + pass + warn.map(w -> " and warn " + w).orElse("");
    };
  }
}
