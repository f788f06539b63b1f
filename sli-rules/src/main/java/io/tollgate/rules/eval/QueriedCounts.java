package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import java.util.Optional;

/**
 * Keeps count-based tests away from values that are not counts. A {@code prometheus: {errors,
 * total}} SLI built on {@code rate()} gives per-second rates, and one on {@code increase()} gives
 * extrapolated, fractional values: their ratio is right for thresholds and budgets, but a
 * proportion test needs the number of requests and errors, and 0.05 errors per second out of 1 is
 * not 0 errors out of 1 request.
 */
final class QueriedCounts {
  private QueriedCounts() {}

  /** INCONCLUSIVE with the fix when a proportion test would run on values that are not counts. */
  static Optional<Verdict> check(Statistical s, SliObservation obs) {
    if (s.test() != Statistical.Test.TWO_PROPORTION
        && s.test() != Statistical.Test.SEQUENTIAL_PROPORTION) {
      return Optional.empty();
    }
    Optional<Counts> bad =
        obs.canary()
            .flatMap(QueriedCounts::fractional)
            .or(() -> obs.baseline().flatMap(QueriedCounts::fractional));
    return bad.map(
        c ->
            Verdict.of(
                Outcome.INCONCLUSIVE,
                "errors "
                    + Numbers.format(c.exactErrors())
                    + " of total "
                    + Numbers.format(c.exactTotal())
                    + " are not whole counts (a rate() per second or an extrapolated increase()):"
                    + " a proportion test needs counts; query round(sum(increase(...[$window])))"
                    + " for errors and total, or judge the ratio with absolute, vsBaseline or"
                    + " budget criteria",
                Evidence.NONE));
  }

  private static Optional<Counts> fractional(Measurement m) {
    if (m.counts().isPresent() && !m.counts().get().whole()) {
      return m.counts();
    }
    for (Interval i : m.intervals()) {
      if (i.counts().isPresent() && !i.counts().get().whole()) {
        return i.counts();
      }
    }
    return Optional.empty();
  }
}
