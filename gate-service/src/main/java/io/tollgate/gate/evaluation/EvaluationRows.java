package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.gates.GateVersionRow;
import java.time.Instant;

/** Builds the rows of a new evaluation, so the wide records are spelled out in one place. */
final class EvaluationRows {
  private EvaluationRows() {}

  /** A new evaluation, not stored yet: its request, a due job and no decision so far. */
  static EvaluationRow pending(
      GateVersionRow version,
      String request,
      @Nullable String service,
      @Nullable String serviceVersion,
      @Nullable String commit,
      @Nullable String idempotencyKey,
      @Nullable String requestHash,
      Caller who,
      Instant now,
      Instant deadline) {
    RequestRow requested =
        new RequestRow(
            null,
            version.gateName(),
            version.version(),
            request,
            service,
            serviceVersion,
            commit,
            idempotencyKey,
            who.name(),
            who.scope(),
            who.tokenId(),
            requestHash,
            now);
    return new EvaluationRow(requested, JobRow.pending(now, deadline), DecisionRow.none(now), null);
  }
}
