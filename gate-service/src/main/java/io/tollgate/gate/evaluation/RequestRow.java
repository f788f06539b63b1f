package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * What was asked (table {@code evaluation}): the gate version, the stored request, who asked and
 * under which idempotency key. Written once, when the evaluation starts; never changed after.
 *
 * @param id null until stored
 * @param request the resolved request as JSON
 * @param caller the caller's scope ({@link Caller#scope()}), which keys idempotency and quotas
 * @param requestHash SHA-256 of the canonical request, to refuse a key reused with another request
 */
public record RequestRow(
    @Nullable Long id,
    String gateName,
    int gateVersion,
    String request,
    @Nullable String service,
    @Nullable String version,
    @Nullable String commitSha,
    @Nullable String idempotencyKey,
    String createdBy,
    String caller,
    @Nullable Long createdByToken,
    @Nullable String requestHash,
    Instant createdAt) {

  RequestRow withId(long id) {
    return new RequestRow(
        id,
        gateName,
        gateVersion,
        request,
        service,
        version,
        commitSha,
        idempotencyKey,
        createdBy,
        caller,
        createdByToken,
        requestHash,
        createdAt);
  }
}
