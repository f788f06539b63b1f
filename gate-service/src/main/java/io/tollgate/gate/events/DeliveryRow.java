package io.tollgate.gate.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One line of the delivery log ({@code GET /api/v1/deliveries}): an event, one destination, and how
 * its delivery went.
 *
 * @param status PENDING (waiting for its next attempt), DELIVERED or FAILED (attempts exhausted, or
 *     refused for good)
 * @param lastStatus the HTTP status of the last attempt (webhooks)
 * @param lastError why the last attempt failed
 */
@Serdeable
record DeliveryRow(
    long id,
    String eventId,
    String type,
    long evaluationId,
    String outcome,
    String destination,
    String status,
    int attempts,
    Instant createdAt,
    @Nullable Instant lastAttemptAt,
    @Nullable Instant nextAttemptAt,
    @Nullable Instant deliveredAt,
    @Nullable Integer lastStatus,
    @Nullable String lastError) {}
