package io.tollgate.gate.testrun;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A stored test run: its metadata and totals over all its files. */
@MappedEntity("test_run")
public record TestRunRow(
    @Id @GeneratedValue @Nullable Long id,
    String service,
    @Nullable String version,
    @Nullable String suite,
    @Nullable String environment,
    @Nullable String pipeline,
    @Nullable String commitSha,
    @Nullable String buildUrl,
    String uploadedBy,
    Instant uploadedAt,
    String formats,
    int files,
    @Nullable Double durationSeconds,
    int total,
    int passed,
    int failed,
    int errored,
    int skipped,
    int flaky,
    boolean pinned,
    boolean excluded) {

  /** Passed (flaky included) over executed; null when nothing ran. */
  public @Nullable Double passRatio() {
    int executed = total - skipped;
    return executed == 0 ? null : (double) (passed + flaky) / executed;
  }
}
