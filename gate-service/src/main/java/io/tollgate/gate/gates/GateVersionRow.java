package io.tollgate.gate.gates;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One immutable version of a gate document. */
@MappedEntity("gate_version")
public record GateVersionRow(
    @Id @GeneratedValue @Nullable Long id,
    String gateName,
    int version,
    String document,
    String sha256,
    String author,
    Instant createdAt,
    @Nullable String note) {}
