package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.gates.GateVersionRow;
import java.time.Instant;

/** Builds the row of a new evaluation, so the wide record is spelled out in one place. */
final class EvaluationRows {
  private EvaluationRows() {}

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
    return new EvaluationRow(
        null,
        version.gateName(),
        version.version(),
        EvaluationStatus.PENDING,
        null,
        null,
        "waiting for the first evaluation",
        request,
        null,
        service,
        serviceVersion,
        commit,
        idempotencyKey,
        who.name(),
        who.scope(),
        who.tokenId(),
        requestHash,
        now,
        now,
        null,
        now,
        deadline,
        0,
        null,
        null,
        0,
        false,
        false,
        null,
        null,
        null,
        null);
  }
}
