package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.Sketches;
import io.tollgate.telemetry.aggregate.SpanKey;
import io.tollgate.telemetry.aggregate.SpanStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Reads and merges {@code ingest_span_minute} rows. */
final class SpanRows {
  private static final int MINUTES_PER_QUERY = 100;

  private SpanRows() {}

  /** Adds the batch's span statistics to the partition's stored rows. */
  static void write(Connection c, PartitionBatch batch) throws SQLException {
    Map<SpanKey, SpanStats> fresh = batch.spanStats();
    if (fresh.isEmpty()) {
      return;
    }
    Map<SpanKey, SpanStats> stored = stored(c, batch);
    try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE ingest_span_minute SET requests = ?, errors = ?, latency_sketch = ?"
                    + " WHERE topic = ? AND kafka_partition = ? AND service = ?"
                    + " AND service_version = ? AND environment = ? AND track = ?"
                    + " AND operation = ? AND minute_start = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO ingest_span_minute (requests, errors, latency_sketch, topic,"
                    + " kafka_partition, service, service_version, environment, track,"
                    + " operation, minute_start) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
      int updates = 0;
      int inserts = 0;
      for (Map.Entry<SpanKey, SpanStats> e : fresh.entrySet()) {
        SpanStats old = stored.get(e.getKey());
        PreparedStatement ps;
        SpanStats merged;
        if (old == null) {
          ps = insert;
          merged = e.getValue();
          inserts++;
        } else {
          ps = update;
          old.merge(e.getValue()); // old is a decoded copy: the batch itself stays unchanged
          merged = old;
          updates++;
        }
        ps.setLong(1, merged.requests());
        ps.setLong(2, merged.errors());
        ps.setBytes(3, Sketches.encode(merged.latencyMs()));
        bindKey(ps, 4, batch, e.getKey());
        ps.addBatch();
      }
      if (updates > 0) {
        update.executeBatch();
      }
      if (inserts > 0) {
        insert.executeBatch();
      }
    }
  }

  private static void bindKey(PreparedStatement ps, int i, PartitionBatch b, SpanKey k)
      throws SQLException {
    ps.setString(i, b.topic());
    ps.setInt(i + 1, b.partition());
    ps.setString(i + 2, k.series().service());
    ps.setString(i + 3, k.series().version());
    ps.setString(i + 4, k.series().environment());
    ps.setString(i + 5, k.series().track());
    ps.setString(i + 6, k.operation());
    ps.setObject(i + 7, Sql.minute(k.minuteEpochSecond()));
  }

  private static Map<SpanKey, SpanStats> stored(Connection c, PartitionBatch batch)
      throws SQLException {
    TreeSet<Long> minutes = new TreeSet<>();
    batch.spanStats().keySet().forEach(k -> minutes.add(k.minuteEpochSecond()));
    Map<SpanKey, SpanStats> out = new HashMap<>();
    List<Long> all = new ArrayList<>(minutes);
    for (int from = 0; from < all.size(); from += MINUTES_PER_QUERY) {
      List<Long> chunk = all.subList(from, Math.min(all.size(), from + MINUTES_PER_QUERY));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT * FROM ingest_span_minute WHERE topic = ? AND kafka_partition = ?"
                  + " AND minute_start IN ("
                  + Sql.placeholders(chunk.size())
                  + ")")) {
        ps.setString(1, batch.topic());
        ps.setInt(2, batch.partition());
        Sql.setMinutes(ps, 3, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(key(rs), stats(rs));
          }
        }
      }
    }
    return out;
  }

  static SpanKey key(ResultSet rs) throws SQLException {
    return new SpanKey(
        new SeriesKey(
            rs.getString("service"),
            rs.getString("service_version"),
            rs.getString("environment"),
            rs.getString("track")),
        rs.getString("operation"),
        Sql.epochSecond(rs, "minute_start"));
  }

  static SpanStats stats(ResultSet rs) throws SQLException {
    return SpanStats.of(
        rs.getLong("requests"),
        rs.getLong("errors"),
        Sketches.decode(rs.getBytes("latency_sketch")));
  }
}
