package io.tollgate.gate.gates;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A gate: its name, where it comes from (the API or a GitOps file) and its latest version. */
@MappedEntity("gate")
public record GateRow(
    @Id String name,
    int latestVersion,
    String origin,
    @Nullable String filePath,
    @Nullable String owner,
    @Nullable String description,
    Instant createdAt,
    Instant updatedAt) {

  public static final String ORIGIN_API = "api";
  public static final String ORIGIN_FILE = "file";
}
