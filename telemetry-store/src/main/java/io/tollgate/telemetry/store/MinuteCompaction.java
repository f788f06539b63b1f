package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.MetricStats;
import io.tollgate.telemetry.aggregate.Sketches;
import io.tollgate.telemetry.aggregate.SpanStats;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the rows of one minute table's settled minute into one row per topic, partition and key
 * ({@code batch_offset = -1}), by the readers' merge rules ({@link PartialRows}): metric rows are
 * read in batch order, the compacted row first. The rows read are deleted by their exact primary
 * key (batch offset included), so a batch that ingest appends meanwhile stays and is folded in by a
 * later round together with the compacted row.
 *
 * <p>The hour rollup's recorded fingerprint ({@code ingest_rollup_bucket}) is moved by the same row
 * count and checksum the minute rows moved by, in the same transaction: a rollup that was up to
 * date stays up to date, one that missed late rows still sees them as new.
 */
abstract class MinuteCompaction<V> {
  /** What compacting one minute did: rows read and rows written. */
  record Result(long read, long written) {}

  static final MinuteCompaction<SpanStats> SPANS =
      new Spans(
          "ingest_span_minute",
          List.of("service", "service_version", "environment", "track", "operation"),
          new SpanRollup());
  static final MinuteCompaction<MetricValue> METRICS = new Metrics();
  static final MinuteCompaction<long[]> SIGNATURES =
      new Signatures(
          "ingest_signature_minute", List.of("signature_id", "track", "service_version"));

  /** Feature-flag variant rows: span statistics under a longer key, with no rollup. */
  static final MinuteCompaction<SpanStats> FLAGS =
      new Spans(
          FlagRows.TABLE,
          List.of(
              "service",
              "service_version",
              "environment",
              "track",
              "flag_key",
              "variant",
              "operation"),
          null);

  /** Failure counts per feature-flag variant. */
  static final MinuteCompaction<long[]> FLAG_FAILURES =
      new Signatures(FlagRows.FAILURES, List.of("signature_id", "flag_key", "variant"));

  static final List<MinuteCompaction<?>> ALL =
      List.of(SPANS, METRICS, SIGNATURES, FLAGS, FLAG_FAILURES);

  /** A metric row's values: the attribute text (not part of the key) and the statistics. */
  record MetricValue(String attributes, MetricStats stats) {}

  final String table;
  private final List<String> keys;
  private final List<String> values;
  private final Rollup rollup;

  private MinuteCompaction(String table, List<String> keys, List<String> values, Rollup rollup) {
    this.table = table;
    this.keys = keys;
    this.values = values;
    this.rollup = rollup;
  }

  abstract V read(ResultSet rs) throws SQLException;

  abstract void merge(V into, V row);

  /** Binds the value columns from parameter {@code i} on. */
  abstract void bind(PreparedStatement ps, int i, V v) throws SQLException;

  /** The row's term of {@link Rollup#checkExpression()}, computed as the database does. */
  abstract long check(V v);

  /** The minutes in {@code [from, to)} that have rows not compacted yet. */
  List<Instant> due(Connection c, Instant from, Instant to) throws SQLException {
    List<Instant> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT minute_start FROM "
                + table
                + " WHERE minute_start >= ? AND minute_start < ? AND batch_offset >= 0"
                + " ORDER BY minute_start")) {
      ps.setObject(1, Sql.time(from));
      ps.setObject(2, Sql.time(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getObject(1, OffsetDateTime.class).toInstant());
        }
      }
    }
    return out;
  }

  /**
   * Inside a transaction: replaces the rows of {@code minute} by one row per key, for every key
   * that has a row not compacted yet.
   */
  Result compact(Connection c, Instant minute) throws SQLException {
    String keyList = "topic, kafka_partition, " + String.join(", ", keys);
    Map<List<Object>, List<Long>> offsets = new LinkedHashMap<>();
    Map<List<Object>, V> merged = new LinkedHashMap<>();
    Map<List<Object>, Long> checks = new LinkedHashMap<>();
    long read = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + keyList
                + ", batch_offset, "
                + String.join(", ", values)
                + " FROM "
                + table
                + " WHERE minute_start = ? ORDER BY batch_offset")) {
      ps.setFetchSize(AggregateReader.FETCH_SIZE);
      ps.setObject(1, Sql.time(minute));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Object> key = new ArrayList<>(keys.size() + 2);
          key.add(rs.getString("topic"));
          key.add(rs.getInt("kafka_partition"));
          for (String k : keys) {
            key.add(rs.getString(k));
          }
          V row = read(rs);
          read++;
          checks.merge(key, check(row), Long::sum);
          offsets.computeIfAbsent(key, k -> new ArrayList<>()).add(rs.getLong("batch_offset"));
          V m = merged.get(key);
          if (m == null) {
            merged.put(key, row);
          } else {
            merge(m, row);
          }
        }
      }
    }
    // keys whose only row is compacted already stay as they are
    merged.keySet().removeIf(k -> offsets.get(k).equals(List.of(-1L)));
    if (merged.isEmpty()) {
      return new Result(read, read);
    }
    long deleted = delete(c, minute, offsets, merged.keySet());
    long expected = merged.keySet().stream().mapToLong(k -> offsets.get(k).size()).sum();
    if (deleted != expected) {
      // retention or another writer removed rows meanwhile: leave the minute to a later round
      throw new SQLException(
          "compacting " + table + " at " + minute + ": deleted " + deleted + " of " + expected);
    }
    insert(c, minute, keyList, merged);
    if (rollup != null) {
      long check = 0;
      for (Map.Entry<List<Object>, V> e : merged.entrySet()) {
        check += check(e.getValue()) - checks.get(e.getKey());
      }
      moveFingerprint(c, minute, merged.size() - expected, check);
    }
    return new Result(read, read - expected + merged.size());
  }

  private long delete(
      Connection c,
      Instant minute,
      Map<List<Object>, List<Long>> offsets,
      Iterable<List<Object>> ks)
      throws SQLException {
    StringBuilder where = new StringBuilder("topic = ? AND kafka_partition = ?");
    for (String k : keys) {
      where.append(" AND ").append(k).append(" = ?");
    }
    long n = 0;
    int pending = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM "
                + table
                + " WHERE "
                + where
                + " AND minute_start = ? AND batch_offset = ?")) {
      for (List<Object> key : ks) {
        for (long offset : offsets.get(key)) {
          bindKey(ps, key);
          ps.setObject(key.size() + 1, Sql.time(minute));
          ps.setLong(key.size() + 2, offset);
          ps.addBatch();
          if (++pending == 500) {
            n += sum(ps.executeBatch());
            pending = 0;
          }
        }
      }
      if (pending > 0) {
        n += sum(ps.executeBatch());
      }
    }
    return n;
  }

  private static long sum(int[] counts) {
    long n = 0;
    for (int c : counts) {
      n += Math.max(c, 0);
    }
    return n;
  }

  private void insert(Connection c, Instant minute, String keyList, Map<List<Object>, V> merged)
      throws SQLException {
    int columns = keys.size() + 2 + 2 + values.size();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + keyList
                + ", minute_start, batch_offset, "
                + String.join(", ", values)
                + ") VALUES ("
                + Sql.placeholders(columns)
                + ")")) {
      int pending = 0;
      for (Map.Entry<List<Object>, V> e : merged.entrySet()) {
        List<Object> key = e.getKey();
        bindKey(ps, key);
        ps.setObject(key.size() + 1, Sql.time(minute));
        ps.setLong(key.size() + 2, -1L);
        bind(ps, key.size() + 3, e.getValue());
        ps.addBatch();
        if (++pending == 500) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  private static void bindKey(PreparedStatement ps, List<Object> key) throws SQLException {
    ps.setString(1, (String) key.get(0));
    ps.setInt(2, (Integer) key.get(1));
    for (int i = 2; i < key.size(); i++) {
      ps.setString(i + 1, (String) key.get(i));
    }
  }

  /** Moves the recorded fingerprint of the minute's hour rollup, if built, by the given change. */
  private void moveFingerprint(Connection c, Instant minute, long rows, long check)
      throws SQLException {
    if (rows == 0 && check == 0) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ingest_rollup_bucket SET source_rows = source_rows + ?,"
                + " source_check = source_check + ? WHERE kind = ? AND bucket_start = ?")) {
      ps.setLong(1, rows);
      ps.setBigDecimal(2, BigDecimal.valueOf(check));
      ps.setString(3, Resolution.HOUR.kind(rollup.spans()));
      ps.setObject(4, Sql.time(Rollup.floor(minute, Resolution.HOUR)));
      ps.executeUpdate();
    }
  }

  private static final class Spans extends MinuteCompaction<SpanStats> {
    Spans(String table, List<String> keys, Rollup rollup) {
      super(table, keys, List.of("requests", "errors", "latency_sketch"), rollup);
    }

    @Override
    SpanStats read(ResultSet rs) throws SQLException {
      return SpanRows.stats(rs);
    }

    @Override
    void merge(SpanStats into, SpanStats row) {
      into.merge(row);
    }

    @Override
    void bind(PreparedStatement ps, int i, SpanStats s) throws SQLException {
      ps.setLong(i, s.requests());
      ps.setLong(i + 1, s.errors());
      ps.setBytes(i + 2, Sketches.encode(s.latencyMs()));
    }

    @Override
    long check(SpanStats s) {
      return s.requests() + s.errors();
    }
  }

  private static final class Metrics extends MinuteCompaction<MetricValue> {
    Metrics() {
      super(
          "ingest_metric_minute",
          List.of(
              "metric_name",
              "service",
              "service_version",
              "environment",
              "track",
              "attributes_hash"),
          List.of(
              "attributes",
              "metric_kind",
              "cumulative",
              "samples",
              "sum_total",
              "min_sample",
              "max_sample",
              "last_sample",
              "last_time_nanos",
              "sketch"),
          new MetricRollup());
    }

    @Override
    MetricValue read(ResultSet rs) throws SQLException {
      return new MetricValue(rs.getString("attributes"), MetricRows.stats(rs));
    }

    @Override
    void merge(MetricValue into, MetricValue row) {
      into.stats().merge(row.stats());
    }

    @Override
    void bind(PreparedStatement ps, int i, MetricValue v) throws SQLException {
      MetricStats s = v.stats();
      ps.setString(i, v.attributes());
      ps.setString(i + 1, s.kind());
      ps.setBoolean(i + 2, s.cumulative());
      ps.setLong(i + 3, s.samples());
      ps.setDouble(i + 4, Double.isFinite(s.sum()) ? s.sum() : 0);
      Sql.setDoubleOrNull(ps, i + 5, s.min());
      Sql.setDoubleOrNull(ps, i + 6, s.max());
      Sql.setDoubleOrNull(ps, i + 7, s.last());
      ps.setLong(i + 8, s.lastTimeNanos());
      if (s.sketch() == null) {
        ps.setNull(i + 9, Types.BINARY);
      } else {
        ps.setBytes(i + 9, Sketches.encode(s.sketch()));
      }
    }

    @Override
    long check(MetricValue v) {
      // samples + last_time_nanos / 1000000000: integer division truncates in SQL as in Java
      return v.stats().samples() + v.stats().lastTimeNanos() / 1_000_000_000L;
    }
  }

  /** Signature failure counts: they add up. */
  private static final class Signatures extends MinuteCompaction<long[]> {
    Signatures(String table, List<String> keys) {
      super(table, keys, List.of("failures"), null);
    }

    @Override
    long[] read(ResultSet rs) throws SQLException {
      return new long[] {rs.getLong("failures")};
    }

    @Override
    void merge(long[] into, long[] row) {
      into[0] += row[0];
    }

    @Override
    void bind(PreparedStatement ps, int i, long[] v) throws SQLException {
      ps.setLong(i, v[0]);
    }

    @Override
    long check(long[] v) {
      return 0;
    }
  }
}
