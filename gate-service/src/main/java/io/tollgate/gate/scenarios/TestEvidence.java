package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Set;

/**
 * A recent test linked to an operation: it exercised the operation and, when {@code failed}, saw
 * the failure modes {@code modes} (error classes) with {@code template} as its normalized message.
 */
public record TestEvidence(
    TestKey test,
    String service,
    String operation,
    long runId,
    @Nullable String version,
    Instant at,
    boolean failed,
    Set<String> modes,
    String template) {}
