package io.tollgate.gate.store;

import io.micronaut.context.annotation.Requires;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.scheduling.annotation.Scheduled;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.Compactor;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rollup compaction rounds ({@link Compactor}) on a schedule. Every replica schedules them;
 * the compactor's lease lets one work at a time, the others' rounds return at once.
 */
@Singleton
@Requires(property = "tollgate.storage.compaction.enabled", notEquals = "false")
final class StorageMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(StorageMaintenance.class);

  private final Compactor compactor;

  /** Depends on the reader so the ingest schema is migrated before the first round. */
  StorageMaintenance(
      DataSource dataSource,
      DataSourceResolver resolver,
      CompactionProperties properties,
      AggregateReader migrated) {
    this.compactor =
        new Compactor(
            resolver.resolve(dataSource),
            Clock.systemUTC(),
            new Compactor.Settings(
                properties.getSettle(), properties.getLookback(), properties.getLease(), holder()));
  }

  private static String holder() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host + "/" + UUID.randomUUID();
  }

  @Scheduled(
      fixedDelay = "${tollgate.storage.compaction.interval:5m}",
      initialDelay = "${tollgate.storage.compaction.interval:5m}")
  void compact() {
    try {
      compactor.compact();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("rollup compaction round failed; the next round retries", e);
    }
  }
}
