package io.tollgate.telemetry.store;

import java.time.Instant;

/**
 * A fact of a service in an environment as stored, merged over partitions.
 *
 * @param value empty for facts that are only present (a dependency called)
 */
public record EnvironmentFact(String fact, String value, Instant firstSeen, Instant lastSeen) {}
