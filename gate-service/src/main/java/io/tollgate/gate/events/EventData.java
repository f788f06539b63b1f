package io.tollgate.gate.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.gate.evaluation.OverrideRow;
import java.time.Instant;
import java.util.List;

/**
 * The data of a decision or override event ({@code datacontenttype: application/json}): the compact
 * decision, not its evidence; {@code links} lead to the full account.
 *
 * @param outcome the judge's final outcome
 * @param decision what a pipeline acts on now: an override in force wins over the outcome
 * @param reasons the SLIs that did not pass, with their reasons (else the gate's reason), at most
 *     10
 * @param override for override events: the override recorded (its outcome null when cleared)
 * @param recommendation for evaluations that watch a deployment or flag change: {@code rollback},
 *     {@code promote} or {@code continue}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventData(
    long evaluationId,
    String gate,
    int gateVersion,
    String outcome,
    String decision,
    @Nullable Double score,
    List<String> reasons,
    @Nullable String service,
    @Nullable String version,
    @Nullable Instant decidedAt,
    @Nullable OverrideView override,
    Links links,
    @Nullable String recommendation) {

  /** Where a person (the decision page) and a program (the API) read the whole decision. */
  @Serdeable
  record Links(String decision, String api) {}

  /** An override as its event carries it. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OverrideView(
      @Nullable String outcome,
      @Nullable String reason,
      String by,
      @Nullable Instant expiresAt,
      Instant at) {
    static OverrideView of(OverrideRow row) {
      return new OverrideView(
          row.outcome() == null ? null : row.outcome().name(),
          row.reason(),
          row.by(),
          row.until(),
          row.at());
    }
  }
}
