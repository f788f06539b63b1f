package io.tollgate.gate.events;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * A delivery claimed for sending: the row of {@code event_delivery} and its event's row of {@code
 * event_outbox}.
 *
 * @param attempts counting this one
 * @param detail the event's extra JSON (the override of an override event)
 */
record Delivery(
    long id,
    String destination,
    int attempts,
    String eventId,
    EventType type,
    long evaluationId,
    String outcome,
    @Nullable String detail,
    Instant createdAt) {}
