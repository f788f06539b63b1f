package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.MetricKey;
import io.tollgate.telemetry.aggregate.MetricStats;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.Sketches;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Reads and merges {@code ingest_metric_minute} rows. */
final class MetricRows {
  private static final int MINUTES_PER_QUERY = 100;

  private MetricRows() {}

  static void write(Connection c, PartitionBatch batch) throws SQLException {
    if (batch.metrics().isEmpty()) {
      return;
    }
    Map<MetricKey, MetricStats> stored = stored(c, batch);
    try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE ingest_metric_minute SET metric_kind = ?, cumulative = ?, samples = ?,"
                    + " sum_total = ?, min_sample = ?, max_sample = ?, last_sample = ?,"
                    + " last_time_nanos = ?, sketch = ?, attributes = ? WHERE topic = ?"
                    + " AND kafka_partition = ? AND metric_name = ? AND service = ?"
                    + " AND service_version = ? AND environment = ? AND track = ?"
                    + " AND attributes_hash = ? AND minute_start = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO ingest_metric_minute (metric_kind, cumulative, samples, sum_total,"
                    + " min_sample, max_sample, last_sample, last_time_nanos, sketch,"
                    + " attributes, topic, kafka_partition, metric_name, service,"
                    + " service_version, environment, track, attributes_hash, minute_start)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      int updates = 0;
      int inserts = 0;
      for (Map.Entry<MetricKey, MetricStats> e : batch.metrics().entrySet()) {
        MetricStats old = stored.get(e.getKey());
        MetricStats merged;
        PreparedStatement ps;
        if (old == null) {
          merged = e.getValue();
          ps = insert;
          inserts++;
        } else {
          old.merge(e.getValue());
          merged = old;
          ps = update;
          updates++;
        }
        bind(ps, batch, e.getKey(), merged);
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

  private static void bind(PreparedStatement ps, PartitionBatch b, MetricKey k, MetricStats s)
      throws SQLException {
    ps.setString(1, s.kind());
    ps.setBoolean(2, s.cumulative());
    ps.setLong(3, s.samples());
    ps.setDouble(4, Double.isFinite(s.sum()) ? s.sum() : 0);
    Sql.setDoubleOrNull(ps, 5, s.min());
    Sql.setDoubleOrNull(ps, 6, s.max());
    Sql.setDoubleOrNull(ps, 7, s.last());
    ps.setLong(8, s.lastTimeNanos());
    if (s.sketch() == null) {
      ps.setNull(9, Types.BINARY);
    } else {
      ps.setBytes(9, Sketches.encode(s.sketch()));
    }
    ps.setString(10, k.attributes());
    ps.setString(11, b.topic());
    ps.setInt(12, b.partition());
    ps.setString(13, k.name());
    ps.setString(14, k.series().service());
    ps.setString(15, k.series().version());
    ps.setString(16, k.series().environment());
    ps.setString(17, k.series().track());
    ps.setString(18, hash(k.attributes()));
    ps.setObject(19, Sql.minute(k.minuteEpochSecond()));
  }

  static String hash(String attributes) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(attributes.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static Map<MetricKey, MetricStats> stored(Connection c, PartitionBatch batch)
      throws SQLException {
    TreeSet<Long> minutes = new TreeSet<>();
    batch.metrics().keySet().forEach(k -> minutes.add(k.minuteEpochSecond()));
    List<Long> all = new ArrayList<>(minutes);
    Map<MetricKey, MetricStats> out = new HashMap<>();
    for (int from = 0; from < all.size(); from += MINUTES_PER_QUERY) {
      List<Long> chunk = all.subList(from, Math.min(all.size(), from + MINUTES_PER_QUERY));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT * FROM ingest_metric_minute WHERE topic = ? AND kafka_partition = ?"
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

  static MetricKey key(ResultSet rs) throws SQLException {
    return new MetricKey(
        rs.getString("metric_name"),
        new SeriesKey(
            rs.getString("service"),
            rs.getString("service_version"),
            rs.getString("environment"),
            rs.getString("track")),
        rs.getString("attributes"),
        Sql.epochSecond(rs, "minute_start"));
  }

  static MetricStats stats(ResultSet rs) throws SQLException {
    byte[] sketch = rs.getBytes("sketch");
    return MetricStats.restore(
        rs.getString("metric_kind"),
        rs.getBoolean("cumulative"),
        rs.getLong("samples"),
        rs.getDouble("sum_total"),
        Sql.doubleOrNaN(rs, "min_sample"),
        Sql.doubleOrNaN(rs, "max_sample"),
        Sql.doubleOrNaN(rs, "last_sample"),
        rs.getLong("last_time_nanos"),
        sketch == null ? null : Sketches.decode(sketch));
  }
}
