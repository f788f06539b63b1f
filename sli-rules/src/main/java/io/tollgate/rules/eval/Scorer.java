package io.tollgate.rules.eval;

import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import java.util.List;

/**
 * Keptn-style scoring: PASS earns the full weight, WARN half, anything else nothing. A failed key
 * criterion fails the gate. An ERROR or INCONCLUSIVE criterion holds the gate at that outcome
 * unless the score fails even if it had passed.
 */
final class Scorer {
  private Scorer() {}

  static GateResult score(Gate gate, List<SliResult> slis) {
    double total = 0;
    double earned = 0;
    double open = 0; // weight of criteria still ERROR or INCONCLUSIVE
    String keyFail = null;
    String error = null;
    String inconclusive = null;
    int counted = 0;
    for (SliResult s : slis) {
      for (CriterionResult c : s.criteria()) {
        if (c.ignored()) {
          continue;
        }
        counted++;
        total += c.weight();
        earned += c.earned();
        String where = s.sli() + " " + c.kind();
        switch (c.outcome()) {
          case FAIL -> {
            if (c.key() && keyFail == null) {
              keyFail = where + ": " + c.reason();
            }
          }
          case ERROR -> {
            open += c.weight();
            error = error == null ? where + ": " + c.reason() : error;
          }
          case INCONCLUSIVE -> {
            open += c.weight();
            inconclusive = inconclusive == null ? where + ": " + c.reason() : inconclusive;
          }
          default -> {}
        }
      }
    }
    String name = gate.metadata().name();
    double score = total == 0 ? 0 : 100 * earned / total;
    double best = total == 0 ? 0 : 100 * (earned + open) / total;
    String scoreText = "score " + Numbers.format(round(score)) + "%";
    if (keyFail != null) {
      return new GateResult(name, Outcome.FAIL, score, "key criterion failed: " + keyFail, slis);
    }
    if (counted == 0 || total == 0) {
      return new GateResult(
          name,
          Outcome.INCONCLUSIVE,
          score,
          "nothing to judge: no scored criteria with data",
          slis);
    }
    if (open > 0 && best < gate.scoring().warn()) {
      return new GateResult(
          name,
          Outcome.FAIL,
          score,
          scoreText
              + " is below warn "
              + Numbers.format(gate.scoring().warn())
              + "% even if every open criterion passed",
          slis);
    }
    if (error != null) {
      return new GateResult(name, Outcome.ERROR, score, error, slis);
    }
    if (inconclusive != null) {
      return new GateResult(name, Outcome.INCONCLUSIVE, score, inconclusive, slis);
    }
    if (score >= gate.scoring().pass()) {
      return new GateResult(
          name,
          Outcome.PASS,
          score,
          scoreText + " >= pass " + Numbers.format(gate.scoring().pass()) + "%",
          slis);
    }
    if (score >= gate.scoring().warn()) {
      return new GateResult(
          name,
          Outcome.WARN,
          score,
          scoreText
              + " >= warn "
              + Numbers.format(gate.scoring().warn())
              + "% but < pass "
              + Numbers.format(gate.scoring().pass())
              + "%",
          slis);
    }
    return new GateResult(
        name,
        Outcome.FAIL,
        score,
        scoreText + " < warn " + Numbers.format(gate.scoring().warn()) + "%",
        slis);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
