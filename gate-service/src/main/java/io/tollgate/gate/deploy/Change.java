package io.tollgate.gate.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.rules.model.Binding;
import java.time.Instant;
import java.util.List;

/**
 * A release change received: a deployment (CDEvents or {@code POST /api/v1/deployments}) or a
 * feature flag's change, with the gates it started.
 *
 * @param kind {@code deployed}, {@code upgraded}, {@code rolledback} or {@code flag}
 * @param source who sent it (a CDEvent's source, {@code api}); with {@code sourceId} names it
 * @param at when the change happened
 * @param watches the gates it started, or why a bound gate was not started
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Change(
    long id,
    Binding.Trigger trigger,
    String kind,
    String service,
    @Nullable String version,
    @Nullable String previousVersion,
    @Nullable String environment,
    @Nullable String flag,
    @Nullable String variant,
    String source,
    String sourceId,
    Instant at,
    String receivedBy,
    Instant receivedAt,
    List<Watch> watches) {

  public Change {
    watches = watches == null ? List.of() : List.copyOf(watches);
  }

  Change withId(long newId) {
    return copy(newId, receivedAt, watches);
  }

  /** The change as received at {@code at}, before it is stored. */
  Change receivedAt(Instant at) {
    return copy(0, at, List.of());
  }

  Change withWatches(List<Watch> w) {
    return copy(id, receivedAt, w);
  }

  private Change copy(long newId, Instant received, List<Watch> w) {
    return new Change(
        newId,
        trigger,
        kind,
        service,
        version,
        previousVersion,
        environment,
        flag,
        variant,
        source,
        sourceId,
        at,
        receivedBy,
        received,
        w);
  }

  /**
   * A gate a change started, with where its evaluation stands.
   *
   * @param evaluationId the post-deploy evaluation, or null when the gate was not started
   * @param skipped why a bound gate was not started (a quota, a watch window already over)
   * @param status {@code PENDING} while watched, then {@code DONE} or {@code CANCELLED}
   * @param outcome the decision in force (an override wins), once decided
   * @param recommendation what to do with the release: {@code rollback}, {@code promote} or {@code
   *     continue}
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Watch(
      String gate,
      @Nullable Long evaluationId,
      @Nullable String skipped,
      @Nullable String status,
      @Nullable String outcome,
      @Nullable String recommendation) {}
}
