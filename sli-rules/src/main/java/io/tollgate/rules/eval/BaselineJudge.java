package io.tollgate.rules.eval;

import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.VsBaseline;
import io.tollgate.rules.observation.SliObservation;
import java.util.Optional;
import java.util.OptionalDouble;

/** Judges the canary against the concurrent baseline. */
final class BaselineJudge {
  private BaselineJudge() {}

  static Verdict judge(Sli sli, VsBaseline b, SliObservation obs) {
    OptionalDouble canary =
        obs.canary().map(m -> SliValue.of(sli.source(), m)).orElse(OptionalDouble.empty());
    OptionalDouble baseline =
        obs.baseline().map(m -> SliValue.of(sli.source(), m)).orElse(OptionalDouble.empty());
    if (canary.isEmpty() || baseline.isEmpty()) {
      Optional<String> why =
          obs.canary()
              .flatMap(m -> SliValue.overflow(sli.source(), m))
              .map(w -> "canary: " + w)
              .or(
                  () ->
                      obs.baseline()
                          .flatMap(m -> SliValue.overflow(sli.source(), m))
                          .map(w -> "baseline: " + w));
      if (why.isPresent()) {
        return Verdict.of(Outcome.INCONCLUSIVE, why.get(), Evidence.NONE);
      }
      return Verdict.missing(
          "no value for the "
              + (canary.isEmpty() && baseline.isEmpty()
                  ? "canary and the baseline"
                  : canary.isEmpty() ? "canary" : "baseline"));
    }
    return Relative.judge(
        "canary",
        canary.getAsDouble(),
        "baseline",
        baseline.getAsDouble(),
        b.mode(),
        b.pass(),
        b.warn(),
        b.minAbsoluteDelta(),
        new Evidence.Builder());
  }
}
