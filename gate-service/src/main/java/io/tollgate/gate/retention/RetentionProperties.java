package io.tollgate.gate.retention;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code tollgate.retention.*}: how long each kind of data is kept, and how the pass runs.
 *
 * @param enabled whether this replica runs the hourly pass at all (one replica at a time does)
 * @param interval time between passes
 * @param initialDelay time from start to the first pass
 * @param minutes per-minute aggregates of spans, metrics and failure signatures
 * @param rollups hourly and daily rollups
 * @param signatures failure signatures not seen for this long
 * @param evaluations evaluations and their decisions (pinned, pending and the newest per gate and
 *     service are kept)
 * @param testRuns test runs with their cases and failures (pinned and the newest per service are
 *     kept)
 * @param audit audit log entries
 * @param batchSize rows deleted per transaction
 * @param lease how long a pass may hold the retention lease before another replica may take it
 */
@ConfigurationProperties("tollgate.retention")
public record RetentionProperties(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "1h") Duration interval,
    @Bindable(defaultValue = "5m") Duration initialDelay,
    @Bindable(defaultValue = "15d") Duration minutes,
    @Bindable(defaultValue = "400d") Duration rollups,
    @Bindable(defaultValue = "90d") Duration signatures,
    @Bindable(defaultValue = "400d") Duration evaluations,
    @Bindable(defaultValue = "180d") Duration testRuns,
    @Bindable(defaultValue = "400d") Duration audit,
    @Bindable(defaultValue = "5000") int batchSize,
    @Bindable(defaultValue = "2h") Duration lease) {

  public RetentionProperties {
    positive("minutes", minutes);
    positive("rollups", rollups);
    positive("signatures", signatures);
    positive("evaluations", evaluations);
    positive("test-runs", testRuns);
    positive("audit", audit);
    positive("lease", lease);
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException(
          "tollgate.retention.batch-size must be between 1 and 100000: " + batchSize);
    }
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("tollgate.retention." + name + " must be positive: " + d);
    }
  }
}
