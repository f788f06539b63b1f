package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * QA's conclusion on a scenario. {@code ruleId} is set when a triage rule decided it rather than a
 * person.
 */
@Serdeable
public record Triage(
    TriageState state,
    @Nullable String owner,
    @Nullable String ticketUrl,
    @Nullable String comment,
    String updatedBy,
    Instant updatedAt,
    @Nullable Long ruleId) {}
