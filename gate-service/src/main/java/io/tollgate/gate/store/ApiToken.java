package io.tollgate.gate.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A stored API token: its hash, never the token. */
@MappedEntity("api_token")
public record ApiToken(
    @Id @GeneratedValue @Nullable Long id,
    String name,
    String role,
    String tokenHash,
    String tokenPrefix,
    String createdBy,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant revokedAt) {

  public boolean activeAt(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }
}
