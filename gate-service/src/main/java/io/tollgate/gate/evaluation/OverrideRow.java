package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.rules.model.Outcome;
import java.time.Instant;

/**
 * One override of an evaluation's decision (table {@code evaluation_override}), kept as history:
 * the latest row wins. A row without an outcome records that the override was cleared.
 *
 * @param id null until stored
 * @param outcome PASS (approve) or FAIL (block); null when this row clears the override
 * @param until when the override stops applying; null for never
 */
public record OverrideRow(
    @Nullable Long id,
    long evaluationId,
    @Nullable Outcome outcome,
    @Nullable String reason,
    String by,
    @Nullable Instant until,
    Instant at) {

  public OverrideRow {
    if (outcome != null && outcome != Outcome.PASS && outcome != Outcome.FAIL) {
      throw new IllegalArgumentException("an override is PASS or FAIL, not " + outcome);
    }
  }

  /** True while it decides for the evaluation: it has an outcome and has not expired. */
  public boolean active(Instant now) {
    return outcome != null && (until == null || until.isAfter(now));
  }
}
