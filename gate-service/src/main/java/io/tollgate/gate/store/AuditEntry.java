package io.tollgate.gate.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One line of the audit log: who did what to which subject, and when. */
@MappedEntity("audit_log")
public record AuditEntry(
    @Id @GeneratedValue @Nullable Long id,
    Instant at,
    String actor,
    String action,
    String subject,
    @Nullable String detail) {}
