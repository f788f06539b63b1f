package io.tollgate.gate.store;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Appends to the audit log. */
@Singleton
public final class AuditLog {
  private final AuditLogRepository repository;
  private final Clock clock;

  AuditLog(AuditLogRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  public void record(String actor, String action, String subject, @Nullable String detail) {
    repository.save(new AuditEntry(null, clock.instant(), actor, action, subject, detail));
  }
}
