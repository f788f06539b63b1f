package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.rules.model.Outcome;
import java.time.Instant;

/**
 * An evaluation as read: its request, its job, its decision and the override in force, each from
 * its own table ({@link RequestRow}, {@link JobRow}, {@link DecisionRow}, {@link OverrideRow}).
 * Read-only: each part is written by its own store. The accessors below spare readers (views,
 * integrations, templates) from knowing which part holds what.
 *
 * @param override the latest override, or null when there is none or it was cleared
 */
public record EvaluationRow(
    RequestRow requested, JobRow job, DecisionRow decision, @Nullable OverrideRow override) {

  public EvaluationRow {
    if (override != null && override.outcome() == null) {
      override = null; // the latest row cleared the override
    }
  }

  EvaluationRow withId(long id) {
    return new EvaluationRow(
        requested.withId(id), job.withEvaluationId(id), decision.withEvaluationId(id), override);
  }

  /** True once decided or cancelled: no further step runs. */
  public boolean done() {
    return job.status().finished();
  }

  /** The outcome a pipeline acts on: an unexpired override wins, then the final outcome. */
  public String effectiveOutcome(Instant now) {
    if (override != null && override.active(now)) {
      return override.outcome().name();
    }
    return done() && decision.outcome() != null
        ? decision.outcome().name()
        : EvaluationStatus.PENDING.name();
  }

  public long id() {
    Long id = requested.id();
    if (id == null) {
      throw new IllegalStateException("the evaluation is not stored yet");
    }
    return id;
  }

  public String gateName() {
    return requested.gateName();
  }

  public int gateVersion() {
    return requested.gateVersion();
  }

  /** The stored request, as JSON. */
  public String request() {
    return requested.request();
  }

  @Nullable
  public String service() {
    return requested.service();
  }

  @Nullable
  public String version() {
    return requested.version();
  }

  public String caller() {
    return requested.caller();
  }

  public String createdBy() {
    return requested.createdBy();
  }

  @Nullable
  public Long createdByToken() {
    return requested.createdByToken();
  }

  @Nullable
  public String requestHash() {
    return requested.requestHash();
  }

  public Instant createdAt() {
    return requested.createdAt();
  }

  public EvaluationStatus status() {
    return job.status();
  }

  public Instant deadlineAt() {
    return job.deadlineAt();
  }

  public int runs() {
    return job.runs();
  }

  /** The judge's latest outcome: interim while pending; null before the first step. */
  @Nullable
  public Outcome outcome() {
    return decision.outcome();
  }

  @Nullable
  public Double score() {
    return decision.score();
  }

  @Nullable
  public String reason() {
    return decision.reason();
  }

  /** The full {@link Decision} as JSON, once a step ran. */
  @Nullable
  public String result() {
    return decision.result();
  }

  @Nullable
  public Instant decidedAt() {
    return decision.decidedAt();
  }

  public boolean pinned() {
    return decision.pinned();
  }

  public boolean excluded() {
    return decision.excluded();
  }

  @Nullable
  public Outcome overrideOutcome() {
    return override == null ? null : override.outcome();
  }

  @Nullable
  public String overrideReason() {
    return override == null ? null : override.reason();
  }

  @Nullable
  public String overrideBy() {
    return override == null ? null : override.by();
  }

  @Nullable
  public Instant overrideUntil() {
    return override == null ? null : override.until();
  }
}
