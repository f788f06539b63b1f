package io.tollgate.telemetry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds hour rollups from settled minutes and day rollups from hours, for span and metric
 * aggregates, so that {@link AggregateReader} reads long windows from few rows.
 *
 * <p>A round looks back over {@code lookback} (whole UTC days) and compares each bucket's source
 * rows with what its rollup was built from ({@code ingest_rollup_bucket}: row count and checksum);
 * a bucket not built yet, or whose source gained rows since (late data), is rebuilt from scratch in
 * its own transaction, so rounds are idempotent and a crashed round leaves every bucket either old
 * or new. Only buckets that ended {@code settle} ago are built. Replicas share the work through a
 * lease: one compacts at a time, and every bucket's transaction is fenced on the lease token.
 *
 * <p>After the rollups, a round compacts the minute tables: every settled minute that still has
 * per-batch rows gets one row per topic, partition and key ({@code batch_offset = -1}), in one
 * fenced transaction per table and minute ({@link MinuteCompaction}).
 *
 * <pre>{@code
 * Compactor compactor = new Compactor(dataSource, Clock.systemUTC(), Compactor.Settings.defaults("replica-1"));
 * Compactor.Round round = compactor.compact();
 * }</pre>
 */
public final class Compactor {
  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
  static final String LEASE = "rollup-compaction";

  /**
   * @param settle how long after a bucket ends it is first built (ingest's commit lag)
   * @param lookback how far back rounds look for buckets to build or rebuild
   * @param lease how long a round may hold the lease without renewing it
   * @param holder this replica's name in the lease table
   */
  public record Settings(Duration settle, Duration lookback, Duration lease, String holder) {
    public Settings {
      Objects.requireNonNull(holder, "holder");
      if (settle.isNegative()
          || lookback.compareTo(Duration.ofHours(1)) < 0
          || lease.isNegative()
          || lease.isZero()) {
        throw new IllegalArgumentException(
            "settle >= 0, lookback >= 1h and lease > 0 required: " + this);
      }
    }

    public static Settings defaults(String holder) {
      return new Settings(Duration.ofMinutes(5), Duration.ofDays(2), Duration.ofMinutes(5), holder);
    }
  }

  /**
   * What one round did; {@code leaseHeld} false when another replica was compacting. {@code
   * minutes} counts the minute-table minutes compacted, {@code minuteRowsRemoved} the rows that
   * went.
   */
  public record Round(
      boolean leaseHeld,
      int spanHours,
      int spanDays,
      int metricHours,
      int metricDays,
      int minutes,
      long minuteRowsRemoved) {
    static final Round SKIPPED = new Round(false, 0, 0, 0, 0, 0, 0);

    /** Rollup buckets built (minute compaction not counted). */
    public int buckets() {
      return spanHours + spanDays + metricHours + metricDays;
    }
  }

  /** Thrown when the lease was lost to another replica during a round; nothing was written. */
  public static final class LeaseLostException extends SQLException {
    LeaseLostException() {
      super("the compaction lease was taken over by another replica");
    }
  }

  private final DataSource dataSource;
  private final Clock clock;
  private final Settings settings;
  private final MaintenanceLease lease;

  public Compactor(DataSource dataSource, Clock clock, Settings settings) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.settings = settings;
    this.lease = new MaintenanceLease(LEASE, settings.holder());
  }

  /** One round: takes the lease (or returns {@link Round#SKIPPED}), builds what is due, lets go. */
  public Round compact() throws SQLException {
    Instant now = clock.instant();
    OptionalLong token;
    try (Connection c = dataSource.getConnection()) {
      token = lease.acquire(c, now, now.plus(settings.lease()));
    }
    if (token.isEmpty()) {
      return Round.SKIPPED;
    }
    long t = token.getAsLong();
    Instant settled = Rollup.floor(now.minus(settings.settle()), Resolution.HOUR);
    Instant from = Rollup.floor(now.minus(settings.lookback()), Resolution.DAY);
    Instant settledDays = Rollup.floor(settled, Resolution.DAY);
    Rollup spans = new SpanRollup();
    Rollup metrics = new MetricRollup();
    int spanHours;
    int metricHours;
    int spanDays;
    int metricDays;
    int minutes = 0;
    long removed = 0;
    try {
      // hours first: a day is built from its hours, all of which are then up to date
      spanHours = level(spans, Resolution.MINUTE, Resolution.HOUR, from, settled, t);
      metricHours = level(metrics, Resolution.MINUTE, Resolution.HOUR, from, settled, t);
      spanDays = level(spans, Resolution.HOUR, Resolution.DAY, from, settledDays, t);
      metricDays = level(metrics, Resolution.HOUR, Resolution.DAY, from, settledDays, t);
      Instant settledMinutes = Rollup.floor(now.minus(settings.settle()), Resolution.MINUTE);
      for (MinuteCompaction<?> table : MinuteCompaction.ALL) {
        List<Instant> due;
        try (Connection c = dataSource.getConnection()) {
          due = table.due(c, from, settledMinutes);
        }
        for (Instant minute : due) {
          MinuteCompaction.Result r = compactMinute(table, minute, t);
          minutes++;
          removed += r.read() - r.written();
        }
      }
    } finally {
      try (Connection c = dataSource.getConnection()) {
        lease.release(c, t, clock.instant());
      }
    }
    Round round = new Round(true, spanHours, spanDays, metricHours, metricDays, minutes, removed);
    if (round.buckets() > 0 || round.minutes() > 0) {
      LOG.info(
          "compaction built {} rollup buckets and compacted {} minutes: {}",
          round.buckets(),
          round.minutes(),
          round);
    }
    return round;
  }

  /** Builds the due buckets of {@code target} starting in {@code [from, to)}; how many. */
  private int level(
      Rollup rollup, Resolution source, Resolution target, Instant from, Instant to, long token)
      throws SQLException {
    if (!from.isBefore(to)) {
      return 0;
    }
    Map<Instant, Rollup.Fingerprint> sources;
    Map<Instant, Rollup.Fingerprint> built;
    try (Connection c = dataSource.getConnection()) {
      sources = rollup.fingerprints(c, source, target, from, to);
      built = built(c, target.kind(rollup.spans()), from, to);
    }
    int n = 0;
    for (Map.Entry<Instant, Rollup.Fingerprint> e : sources.entrySet()) {
      Rollup.Fingerprint was = built.get(e.getKey());
      if (was == null || e.getValue().newerThan(was)) {
        rebuild(rollup, source, target, e.getKey(), token);
        n++;
      }
    }
    return n;
  }

  private void rebuild(
      Rollup rollup, Resolution source, Resolution target, Instant start, long token)
      throws SQLException {
    fenced(
        token,
        (c, now) -> {
          Rollup.Fingerprint f = rollup.rebuild(c, source, target, start);
          record(c, target.kind(rollup.spans()), start, f, now);
          return null;
        });
  }

  /**
   * Merges one settled minute of a minute table into one row per key, in its own transaction fenced
   * on the lease, so that a failed or fenced-off minute leaves its rows as they were.
   */
  private MinuteCompaction.Result compactMinute(
      MinuteCompaction<?> table, Instant minute, long token) throws SQLException {
    return fenced(token, (c, now) -> table.compact(c, minute));
  }

  private interface Work<T> {
    T run(Connection c, Instant now) throws SQLException;
  }

  /** Runs {@code work} in a REPEATABLE READ transaction that first fences on the lease. */
  private <T> T fenced(long token, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setAutoCommit(false);
      try {
        Instant now = clock.instant();
        if (!lease.fence(c, token, now.plus(settings.lease()))) {
          throw new LeaseLostException();
        }
        T result = work.run(c, now);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
        c.setTransactionIsolation(isolation);
      }
    }
  }

  private static Map<Instant, Rollup.Fingerprint> built(
      Connection c, String kind, Instant from, Instant to) throws SQLException {
    Map<Instant, Rollup.Fingerprint> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT bucket_start, source_rows, source_check FROM ingest_rollup_bucket"
                + " WHERE kind = ? AND bucket_start >= ? AND bucket_start < ?")) {
      ps.setString(1, kind);
      ps.setObject(2, Sql.time(from));
      ps.setObject(3, Sql.time(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(
              rs.getObject(1, OffsetDateTime.class).toInstant(),
              new Rollup.Fingerprint(rs.getLong(2), rs.getBigDecimal(3)));
        }
      }
    }
    return out;
  }

  private static void record(
      Connection c, String kind, Instant start, Rollup.Fingerprint f, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM ingest_rollup_bucket WHERE kind = ? AND bucket_start = ?")) {
      ps.setString(1, kind);
      ps.setObject(2, Sql.time(start));
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ingest_rollup_bucket (kind, bucket_start, source_rows, source_check,"
                + " built_at) VALUES (?,?,?,?,?)")) {
      ps.setString(1, kind);
      ps.setObject(2, Sql.time(start));
      ps.setLong(3, f.rows());
      ps.setBigDecimal(4, f.check());
      ps.setObject(5, Sql.time(now));
      ps.executeUpdate();
    }
  }
}
