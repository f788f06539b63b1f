package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.EnvironmentFacts;
import io.tollgate.telemetry.aggregate.FactKey;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code ingest_env_fact}: one row per fact and partition, first and last sighting moving
 * outwards. A fact is written again only when its sighting moved to another minute than this
 * process last wrote, so a steady service costs a few rows a minute, not a few per commit.
 *
 * <p>Bounded per partition: {@link EnvironmentFacts#MAX_PER_ENVIRONMENT} facts per service and
 * environment, {@link #MAX_ENVIRONMENTS_PER_SERVICE} environments per service; facts beyond them
 * are not stored. Sighting times later than an hour ahead of the clock are stored as now, so a span
 * from the far future cannot keep a fact from retention.
 */
final class FactRows {
  /** Environments a service may have facts in, per partition. */
  static final int MAX_ENVIRONMENTS_PER_SERVICE = 32;

  private static final int REMEMBERED = 100_000;
  private static final long NANOS_PER_MINUTE = 60_000_000_000L;
  private static final long AHEAD_NANOS = 60 * NANOS_PER_MINUTE;

  private static final String COLUMNS =
      "topic, kafka_partition, fact_id, service, environment, fact, fact_value, first_seen,"
          + " last_seen";
  private static final int COLUMN_COUNT = 9;
  private static final String POSTGRES_HEAD =
      "INSERT INTO ingest_env_fact AS t (" + COLUMNS + ") VALUES ";
  private static final String POSTGRES_TAIL =
      " ON CONFLICT (topic, kafka_partition, fact_id) DO UPDATE SET"
          + " first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),"
          + " last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)";
  private static final String MERGE_HEAD = "MERGE INTO ingest_env_fact t USING (VALUES ";
  private static final String MERGE_TAIL =
      ") AS s ("
          + COLUMNS
          + ") ON t.topic = s.topic AND t.kafka_partition = s.kafka_partition"
          + " AND t.fact_id = s.fact_id"
          + " WHEN MATCHED THEN UPDATE SET first_seen = LEAST(t.first_seen, s.first_seen),"
          + " last_seen = GREATEST(t.last_seen, s.last_seen)"
          + " WHEN NOT MATCHED THEN INSERT ("
          + COLUMNS
          + ") VALUES (s.topic, s.kafka_partition, s.fact_id, s.service, s.environment, s.fact,"
          + " s.fact_value, s.first_seen, s.last_seen)";

  private record Row(String key, String id, FactKey fact, long first, long last) {}

  private record Group(String service, String environment) {}

  private final Clock clock;
  // per topic, partition and fact id: the first and last minute this process has stored
  private final Map<String, long[]> stored = new HashMap<>();

  FactRows(Clock clock) {
    this.clock = clock;
  }

  /**
   * Writes the facts of {@code batches} in the caller's transaction; returns what to run once the
   * transaction committed (it remembers what was stored).
   */
  Runnable write(Connection c, List<PartitionBatch> batches, Dialect dialect) throws SQLException {
    List<Row> written = new ArrayList<>();
    for (PartitionBatch b : batches) {
      if (b.facts().isEmpty()) {
        continue;
      }
      Map<Group, List<Row>> groups = changed(b);
      // environments per service: those stored, plus those this batch adds
      Map<String, long[]> environments = new HashMap<>();
      List<Row> rows = new ArrayList<>();
      for (Map.Entry<Group, List<Row>> g : groups.entrySet()) {
        rows.addAll(admitted(c, b, g.getKey(), g.getValue(), environments));
      }
      MultiRowStatement.execute(
          c,
          dialect == Dialect.POSTGRESQL ? POSTGRES_HEAD : MERGE_HEAD,
          dialect == Dialect.POSTGRESQL ? POSTGRES_TAIL : MERGE_TAIL,
          COLUMN_COUNT,
          rows,
          (ps, i, r) -> bind(ps, i, b, r));
      written.addAll(rows);
    }
    return () -> remember(written);
  }

  /** The batch's facts whose sighting is not stored yet, by service and environment. */
  private Map<Group, List<Row>> changed(PartitionBatch b) {
    long limit = clock.millis() * 1_000_000L + AHEAD_NANOS;
    Map<Group, List<Row>> groups = new LinkedHashMap<>();
    synchronized (stored) {
      for (Map.Entry<FactKey, long[]> e : b.facts().seen().entrySet()) {
        FactKey f = e.getKey();
        String id = f.id();
        String key = b.topic() + '\u001f' + b.partition() + '\u001f' + id;
        long now = clock.millis() * 1_000_000L;
        long first = e.getValue()[0] > limit ? now : e.getValue()[0];
        long last = e.getValue()[1] > limit ? now : e.getValue()[1];
        long[] minutes = stored.get(key);
        if (minutes != null
            && minutes[0] <= Math.floorDiv(first, NANOS_PER_MINUTE)
            && minutes[1] >= Math.floorDiv(last, NANOS_PER_MINUTE)) {
          continue;
        }
        groups
            .computeIfAbsent(new Group(f.service(), f.environment()), g -> new ArrayList<>())
            .add(new Row(key, id, f, first, last));
      }
    }
    return groups;
  }

  /** The rows of one service and environment that fit its bounds. */
  private static List<Row> admitted(
      Connection c, PartitionBatch b, Group g, List<Row> rows, Map<String, long[]> environments)
      throws SQLException {
    Set<String> known = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT fact_id FROM ingest_env_fact WHERE topic = ? AND kafka_partition = ?"
                + " AND service = ? AND environment = ?")) {
      ps.setString(1, b.topic());
      ps.setInt(2, b.partition());
      ps.setString(3, g.service());
      ps.setString(4, g.environment());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          known.add(rs.getString(1));
        }
      }
    }
    if (known.isEmpty()) {
      long[] n = environments.get(g.service());
      if (n == null) {
        n = new long[] {environments(c, b, g.service())};
        environments.put(g.service(), n);
      }
      if (n[0] >= MAX_ENVIRONMENTS_PER_SERVICE) {
        return List.of();
      }
      n[0]++;
    }
    int room = EnvironmentFacts.MAX_PER_ENVIRONMENT - known.size();
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      if (known.contains(r.id())) {
        out.add(r);
      } else if (room > 0) {
        room--;
        out.add(r);
      }
    }
    return out;
  }

  private static long environments(Connection c, PartitionBatch b, String service)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(DISTINCT environment) FROM ingest_env_fact WHERE topic = ?"
                + " AND kafka_partition = ? AND service = ?")) {
      ps.setString(1, b.topic());
      ps.setInt(2, b.partition());
      ps.setString(3, service);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void bind(PreparedStatement ps, int i, PartitionBatch b, Row r)
      throws SQLException {
    ps.setString(i, b.topic());
    ps.setInt(i + 1, b.partition());
    ps.setString(i + 2, r.id());
    ps.setString(i + 3, r.fact().service());
    ps.setString(i + 4, r.fact().environment());
    ps.setString(i + 5, r.fact().fact());
    ps.setString(i + 6, r.fact().value());
    ps.setObject(i + 7, Sql.time(r.first()));
    ps.setObject(i + 8, Sql.time(r.last()));
  }

  private void remember(List<Row> rows) {
    synchronized (stored) {
      if (stored.size() + rows.size() > REMEMBERED) {
        stored.clear();
      }
      for (Row r : rows) {
        long first = Math.floorDiv(r.first(), NANOS_PER_MINUTE);
        long last = Math.floorDiv(r.last(), NANOS_PER_MINUTE);
        long[] m = stored.get(r.key());
        if (m == null) {
          stored.put(r.key(), new long[] {first, last});
        } else {
          m[0] = Math.min(m[0], first);
          m[1] = Math.max(m[1], last);
        }
      }
    }
  }
}
