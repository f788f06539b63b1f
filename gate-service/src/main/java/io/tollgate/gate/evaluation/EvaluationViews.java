package io.tollgate.gate.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.rules.model.Outcome;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/** The JSON shapes of evaluations: compact for machines, full for people. */
@Singleton
final class EvaluationViews {

  /**
   * What a pipeline acts on. {@code decision} is final (or an override); PENDING while running.
   * {@code outcome} is the judge's latest, interim while pending.
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Compact(
      long id,
      String gate,
      int gateVersion,
      String decision,
      EvaluationStatus status,
      @Nullable Outcome outcome,
      @Nullable Double score,
      @Nullable String reason,
      @Nullable String service,
      @Nullable String version,
      @Nullable Override override,
      Instant createdAt,
      @Nullable Instant decidedAt,
      String url) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Override(
      Outcome outcome,
      @Nullable String reason,
      String by,
      @Nullable Instant until,
      boolean active) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Full(
      Compact summary,
      EvaluationRequest request,
      @Nullable Decision detail,
      int runs,
      boolean pinned,
      boolean excluded,
      String createdBy) {}

  private final JsonMapper json;
  private final Clock clock;

  EvaluationViews(JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  Compact compact(EvaluationRow r) {
    Instant now = clock.instant();
    OverrideRow o = r.override();
    Override override =
        o == null || o.outcome() == null
            ? null
            : new Override(o.outcome(), o.reason(), o.by(), o.until(), o.active(now));
    return new Compact(
        r.id(),
        r.gateName(),
        r.gateVersion(),
        r.effectiveOutcome(now),
        r.status(),
        r.outcome(),
        r.score(),
        r.reason(),
        r.service(),
        r.version(),
        override,
        r.createdAt(),
        r.decidedAt(),
        "/api/v1/evaluations/" + r.id());
  }

  Full full(EvaluationRow r) {
    try {
      return new Full(
          compact(r),
          json.readValue(r.request(), EvaluationRequest.class),
          r.result() == null ? null : json.readValue(r.result(), Decision.class),
          r.runs(),
          r.pinned(),
          r.excluded(),
          r.createdBy());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
