package io.tollgate.gate.scenarios;

import com.google.re2j.Pattern;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * Triages every scenario (of {@code environment}, or any) whose match text matches {@code pattern}.
 */
public record TriageRule(
    long id,
    Pattern pattern,
    @Nullable Environment environment,
    TriageState state,
    @Nullable String owner,
    @Nullable String ticketUrl,
    @Nullable String comment,
    String createdBy,
    Instant createdAt) {

  boolean matches(Scenario s) {
    return (environment == null || environment == s.environment())
        && pattern.matcher(s.matchText()).find();
  }

  Triage triage() {
    return new Triage(state, owner, ticketUrl, comment, createdBy, createdAt, id);
  }
}
