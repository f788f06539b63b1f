package io.tollgate.rules.eval;

import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.observation.SliObservation;
import java.util.Optional;
import java.util.OptionalDouble;

/** Judges an absolute criterion on the subject's value. */
final class AbsoluteJudge {
  private AbsoluteJudge() {}

  static Verdict judge(Sli sli, Absolute a, SliObservation obs) {
    String side = obs.subjectName();
    OptionalDouble value =
        obs.subject().map(m -> SliValue.of(sli.source(), m)).orElse(OptionalDouble.empty());
    String thresholds = Thresholds.describe(a.pass(), a.warn());
    if (value.isEmpty()) {
      Optional<String> why = obs.subject().flatMap(m -> SliValue.overflow(sli.source(), m));
      if (why.isPresent()) {
        return Verdict.of(Outcome.INCONCLUSIVE, side + ": " + why.get(), Evidence.NONE);
      }
      return Verdict.missing("no value for the canary or current run");
    }
    double v = value.getAsDouble();
    Outcome o = Thresholds.classify(v, a.pass(), a.warn());
    Evidence e = new Evidence.Builder().value(side, v).thresholds(thresholds).build();
    return Verdict.of(
        o,
        side
            + " "
            + Numbers.format(v)
            + unit(sli)
            + " "
            + Thresholds.explain(o, a.pass(), a.warn()),
        e);
  }

  static String unit(Sli sli) {
    return sli.unit().isEmpty() ? "" : " " + sli.unit();
  }
}
