package io.tollgate.rules.eval;

import io.tollgate.rules.model.Outcome;

/** What a criterion judge found, before the missing-data policy and scoring are applied. */
record Verdict(Outcome outcome, String reason, Evidence evidence, boolean missingData) {

  static Verdict of(Outcome outcome, String reason, Evidence evidence) {
    return new Verdict(outcome, reason, evidence, false);
  }

  static Verdict missing(String reason) {
    return new Verdict(Outcome.INCONCLUSIVE, reason, Evidence.NONE, true);
  }

  static Verdict missing(String reason, Evidence evidence) {
    return new Verdict(Outcome.INCONCLUSIVE, reason, evidence, true);
  }

  static Verdict error(String reason) {
    return new Verdict(Outcome.ERROR, reason, Evidence.NONE, false);
  }
}
