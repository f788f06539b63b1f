package io.tollgate.telemetry.retention;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Deletes telemetry older than its retention, a bounded batch per transaction, so ingest's commits
 * never wait on one long delete. Rollup tables are pruned when they exist (they are detected at run
 * time).
 *
 * <pre>{@code
 * TelemetryRetention retention = new TelemetryRetention(dataSource, 5_000, Clock.systemUTC());
 * Map<String, Long> deleted = retention.run(new RetentionAges(
 *     Duration.ofDays(15), Duration.ofDays(400), Duration.ofDays(90)));
 * }</pre>
 */
public final class TelemetryRetention {
  /** The tables pruned, in order, with their time column and the age that applies. */
  static final List<Target> TARGETS =
      List.of(
          new Target("ingest_span_minute", "minute_start", RetentionAges::minutes),
          new Target("ingest_metric_minute", "minute_start", RetentionAges::minutes),
          new Target("ingest_signature_minute", "minute_start", RetentionAges::minutes),
          new Target("ingest_flag_minute", "minute_start", RetentionAges::minutes),
          new Target("ingest_flag_signature_minute", "minute_start", RetentionAges::minutes),
          new Target("ingest_signature", "last_seen", RetentionAges::signatures),
          new Target("ingest_test_span_minute", "minute_start", RetentionAges::minutes),
          new Target("ingest_test_signature_minute", "minute_start", RetentionAges::minutes),
          // environment facts not seen for as long as the minutes are kept are stale
          new Target("ingest_env_fact", "last_seen", RetentionAges::minutes),
          new Target("ingest_span_hour", "hour_start", RetentionAges::rollups),
          new Target("ingest_span_day", "day_start", RetentionAges::rollups),
          new Target("ingest_metric_hour", "hour_start", RetentionAges::rollups),
          new Target("ingest_metric_day", "day_start", RetentionAges::rollups));

  record Target(String table, String timeColumn, Function<RetentionAges, Duration> age) {}

  private final BatchDeleter deleter;
  private final DataSource dataSource;
  private final Clock clock;

  /**
   * @param batchSize rows deleted per transaction; small enough that a batch holds its row locks
   *     for milliseconds
   */
  public TelemetryRetention(DataSource dataSource, int batchSize, Clock clock) {
    this.dataSource = dataSource;
    this.deleter = new BatchDeleter(dataSource, batchSize);
    this.clock = clock;
  }

  /**
   * Deletes every row older than its retention; returns the rows deleted per table (tables that do
   * not exist are left out).
   */
  public Map<String, Long> run(RetentionAges ages) throws SQLException {
    Instant now = clock.instant();
    Map<String, Long> deleted = new LinkedHashMap<>();
    for (Target t : TARGETS) {
      if (!exists(t)) {
        continue;
      }
      OffsetDateTime cutoff = now.minus(t.age().apply(ages)).atOffset(ZoneOffset.UTC);
      deleted.put(t.table(), deleter.deleteOlder(t.table(), t.timeColumn(), cutoff));
    }
    return deleted;
  }

  private boolean exists(Target t) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      for (String table : List.of(t.table(), t.table().toUpperCase())) {
        try (ResultSet rs = md.getColumns(c.getCatalog(), c.getSchema(), table, null)) {
          while (rs.next()) {
            if (t.timeColumn().equalsIgnoreCase(rs.getString("COLUMN_NAME"))) {
              return true;
            }
          }
        }
      }
      return false;
    }
  }

  /** One table's delete, batch by batch, each batch its own transaction. */
  static final class BatchDeleter {
    private static final int RETRIES = 5;
    private final DataSource dataSource;
    private final int batchSize;

    BatchDeleter(DataSource dataSource, int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
      }
      this.dataSource = dataSource;
      this.batchSize = batchSize;
    }

    long deleteOlder(String table, String column, OffsetDateTime cutoff) throws SQLException {
      long total = 0;
      while (true) {
        int n = batch(table, column, cutoff);
        total += n;
        if (n < batchSize) {
          return total;
        }
      }
    }

    private int batch(String table, String column, OffsetDateTime cutoff) throws SQLException {
      for (int attempt = 1; ; attempt++) {
        try (Connection c = dataSource.getConnection()) {
          c.setAutoCommit(true);
          try (PreparedStatement ps = c.prepareStatement(sql(c, table, column))) {
            ps.setObject(1, cutoff);
            ps.setInt(2, batchSize);
            return ps.executeUpdate();
          }
        } catch (SQLException e) {
          // a batch can meet an ingest commit that updates the same (late) rows: PostgreSQL breaks
          // the deadlock by failing one side; the batch is simply run again
          if (attempt >= RETRIES || !retryable(e)) {
            throw e;
          }
        }
      }
    }

    private static boolean retryable(SQLException e) {
      String state = e.getSQLState();
      return "40P01".equals(state) || "40001".equals(state) || "HYT00".equals(state);
    }

    private static String sql(Connection c, String table, String column) throws SQLException {
      if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
        // PostgreSQL has no DELETE ... LIMIT: pick a batch of row addresses through the time index
        return "DELETE FROM "
            + table
            + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM "
            + table
            + " WHERE "
            + column
            + " < ? LIMIT ?))";
      }
      return "DELETE FROM " + table + " WHERE " + column + " < ? FETCH FIRST ? ROWS ONLY";
    }
  }
}
