package io.tollgate.gate.retention;

import io.micronaut.context.annotation.Requires;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.scheduling.annotation.Scheduled;
import io.tollgate.gate.observability.RetentionMetrics;
import io.tollgate.telemetry.retention.RetentionAges;
import io.tollgate.telemetry.retention.TelemetryRetention;
import io.tollgate.telemetry.store.AggregateReader;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the retention pass on a schedule ({@code tollgate.retention.interval}, hourly by default),
 * on one replica at a time: a pass starts only when this replica holds the retention lease.
 */
@Singleton
@Requires(property = "tollgate.retention.enabled", notEquals = "false")
public final class RetentionJob {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  private final RetentionProperties properties;
  private final RetentionLease lease;
  private final TelemetryRetention telemetry;
  private final GateRetention gate;
  private final TableSizes sizes;
  private final RetentionMetrics metrics;
  private final Clock clock;
  private final String holder;

  /**
   * @param migrated the aggregate reader, asked for only so that the telemetry tables are migrated
   *     before the first pass
   */
  RetentionJob(
      DataSource dataSource,
      DataSourceResolver resolver,
      RetentionProperties properties,
      RetentionMetrics metrics,
      Clock clock,
      AggregateReader migrated) {
    DataSource pool = resolver.resolve(dataSource);
    this.properties = properties;
    this.lease = new RetentionLease(pool);
    this.telemetry = new TelemetryRetention(pool, properties.batchSize(), clock);
    this.gate = new GateRetention(pool, properties.batchSize());
    this.sizes = new TableSizes(pool);
    this.metrics = metrics;
    this.clock = clock;
    this.holder = host() + "/" + UUID.randomUUID();
  }

  @Scheduled(
      fixedDelay = "${tollgate.retention.interval:1h}",
      initialDelay = "${tollgate.retention.initial-delay:5m}")
  void scheduled() {
    try {
      runOnce();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("retention pass failed; the next one retries", e);
    }
    try {
      recordSizes();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("could not read table sizes", e);
    }
  }

  /** Sets the table size gauges from the database's statistics (every replica, every tick). */
  public void recordSizes() throws SQLException {
    sizes
        .read()
        .forEach(
            (table, size) -> {
              metrics.tableRows().labelValues(table).set(size.rows());
              if (size.bytes() >= 0) {
                metrics.tableBytes().labelValues(table).set(size.bytes());
              }
            });
  }

  /**
   * Runs one pass if this replica gets the lease; returns the rows deleted per table, or empty when
   * another replica holds the lease.
   */
  public Optional<Map<String, Long>> runOnce() throws SQLException {
    Instant started = clock.instant();
    if (!lease.tryAcquire(holder, started, properties.lease())) {
      LOG.debug("retention lease held by another replica; skipping this pass");
      return Optional.empty();
    }
    try {
      Map<String, Long> deleted = new LinkedHashMap<>();
      deleted.putAll(
          telemetry.run(
              new RetentionAges(
                  properties.minutes(), properties.rollups(), properties.signatures())));
      deleted.putAll(
          gate.run(
              clock.instant(),
              properties.evaluations(),
              properties.testRuns(),
              properties.audit()));
      Instant ended = clock.instant();
      deleted.forEach((table, n) -> metrics.deletedRows().labelValues(table).inc(n));
      metrics.lastRun().set(ended.toEpochMilli() / 1000.0);
      metrics.lastDuration().set(Duration.between(started, ended).toMillis() / 1000.0);
      LOG.info("retention pass deleted {}", deleted);
      return Optional.of(deleted);
    } finally {
      lease.release(holder, clock.instant());
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown-host";
    }
  }
}
