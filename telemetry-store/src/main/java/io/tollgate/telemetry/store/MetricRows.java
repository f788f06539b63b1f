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
import java.util.HexFormat;

/** Writes and reads {@code ingest_metric_minute} rows. */
final class MetricRows {
  private static final String INSERT =
      "INSERT INTO ingest_metric_minute (topic, kafka_partition, batch_offset, metric_name,"
          + " service, service_version, environment, track, attributes_hash, attributes,"
          + " minute_start, metric_kind, cumulative, samples, sum_total, min_sample, max_sample,"
          + " last_sample, last_time_nanos, sketch) VALUES ";
  private static final int COLUMNS = 20;

  private MetricRows() {}

  /**
   * Appends the batch's metric minutes as rows of their own (keyed by the batch's start offset);
   * readers fold them into the rows already stored, in batch order.
   */
  static void write(Connection c, PartitionBatch batch) throws SQLException {
    MultiRowStatement.execute(
        c,
        INSERT,
        "",
        COLUMNS,
        batch.metrics().entrySet(),
        (ps, i, e) -> bind(ps, i, batch, e.getKey(), e.getValue()));
  }

  private static void bind(
      PreparedStatement ps, int i, PartitionBatch b, MetricKey k, MetricStats s)
      throws SQLException {
    ps.setString(i, b.topic());
    ps.setInt(i + 1, b.partition());
    ps.setLong(i + 2, b.startOffset());
    ps.setString(i + 3, k.name());
    ps.setString(i + 4, k.series().service());
    ps.setString(i + 5, k.series().version());
    ps.setString(i + 6, k.series().environment());
    ps.setString(i + 7, k.series().track());
    ps.setString(i + 8, hash(k.attributes()));
    ps.setString(i + 9, k.attributes());
    ps.setObject(i + 10, Sql.minute(k.minuteEpochSecond()));
    ps.setString(i + 11, s.kind());
    ps.setBoolean(i + 12, s.cumulative());
    ps.setLong(i + 13, s.samples());
    ps.setDouble(i + 14, Double.isFinite(s.sum()) ? s.sum() : 0);
    Sql.setDoubleOrNull(ps, i + 15, s.min());
    Sql.setDoubleOrNull(ps, i + 16, s.max());
    Sql.setDoubleOrNull(ps, i + 17, s.last());
    ps.setLong(i + 18, s.lastTimeNanos());
    if (s.sketch() == null) {
      ps.setNull(i + 19, Types.BINARY);
    } else {
      ps.setBytes(i + 19, Sketches.encode(s.sketch()));
    }
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
