package io.tollgate.gate.incidents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A problem of a service from {@code startedAt} until {@code resolvedAt} (open while null).
 *
 * @param source {@code api} for incidents created through the API, else the CloudEvents source
 * @param sourceId the incident's id in its source (the CDEvents subject id)
 */
@Serdeable
public record Incident(
    long id,
    String service,
    String title,
    Severity severity,
    @Nullable String environment,
    Instant startedAt,
    @Nullable Instant resolvedAt,
    String source,
    String sourceId,
    String createdBy,
    Instant createdAt) {

  /** The end of the span as of {@code now}: resolution, or now while open. */
  public Instant endAt(Instant now) {
    return resolvedAt == null ? now : resolvedAt;
  }
}
