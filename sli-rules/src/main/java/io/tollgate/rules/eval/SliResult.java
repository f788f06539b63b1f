package io.tollgate.rules.eval;

import io.tollgate.rules.model.Outcome;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The verdict on one SLI: the worst of its counted criteria, the subject's value and each
 * criterion's result. An SLI without criteria is informational and INCONCLUSIVE.
 */
public record SliResult(
    String sli,
    Outcome outcome,
    String reason,
    OptionalDouble value,
    List<CriterionResult> criteria) {
  public SliResult {
    criteria = List.copyOf(criteria);
  }
}
