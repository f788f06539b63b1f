package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.MetricStats;
import io.tollgate.telemetry.aggregate.Sketches;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hour and day rollups of metric aggregates, merged by {@link MetricStats#merge}: deltas add up, a
 * cumulative series keeps its latest point, gauges keep count, sum and extremes.
 */
final class MetricRollup extends Rollup {
  private static final String KEY =
      "metric_name, service, service_version, environment, track, attributes_hash";

  @Override
  boolean spans() {
    return false;
  }

  @Override
  String table(Resolution r) {
    return r.metricTable;
  }

  @Override
  String checkExpression() {
    return "samples + last_time_nanos / 1000000000";
  }

  @Override
  Fingerprint rebuild(Connection c, Resolution source, Resolution target, Instant start)
      throws SQLException {
    Map<List<String>, MetricStats> merged = new HashMap<>();
    Map<List<String>, String> attributes = new HashMap<>();
    long rows = 0;
    BigDecimal check = BigDecimal.ZERO;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + KEY
                + ", attributes, metric_kind, cumulative, samples, sum_total, min_sample,"
                + " max_sample, last_sample, last_time_nanos, sketch FROM "
                + source.metricTable
                + " WHERE "
                + source.timeColumn
                + " >= ? AND "
                + source.timeColumn
                + " < ?"
                // minutes in batch order, for the newest-point rules on equal times (PartialRows)
                + (source == Resolution.MINUTE ? " ORDER BY batch_offset" : ""))) {
      ps.setFetchSize(AggregateReader.FETCH_SIZE);
      ps.setObject(1, Sql.time(start));
      ps.setObject(2, Sql.time(start.plusSeconds(target.seconds)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> key =
              List.of(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6));
          byte[] sketch = rs.getBytes("sketch");
          MetricStats s =
              MetricStats.restore(
                  rs.getString("metric_kind"),
                  rs.getBoolean("cumulative"),
                  rs.getLong("samples"),
                  rs.getDouble("sum_total"),
                  Sql.doubleOrNaN(rs, "min_sample"),
                  Sql.doubleOrNaN(rs, "max_sample"),
                  Sql.doubleOrNaN(rs, "last_sample"),
                  rs.getLong("last_time_nanos"),
                  sketch == null ? null : Sketches.decode(sketch));
          rows++;
          check = check.add(BigDecimal.valueOf(s.samples() + s.lastTimeNanos() / 1_000_000_000L));
          attributes.putIfAbsent(key, rs.getString("attributes"));
          MetricStats m = merged.get(key);
          if (m == null) {
            merged.put(key, s);
          } else {
            m.merge(s);
          }
        }
      }
    }
    deleteBucket(c, target, start);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + target.metricTable
                + " ("
                + KEY
                + ", attributes, "
                + target.timeColumn
                + ", metric_kind, cumulative, samples, sum_total, min_sample, max_sample,"
                + " last_sample, last_time_nanos, sketch)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      int pending = 0;
      for (Map.Entry<List<String>, MetricStats> e : merged.entrySet()) {
        List<String> k = e.getKey();
        MetricStats s = e.getValue();
        for (int i = 0; i < 6; i++) {
          ps.setString(i + 1, k.get(i));
        }
        ps.setString(7, attributes.get(k));
        ps.setObject(8, Sql.time(start));
        ps.setString(9, s.kind());
        ps.setBoolean(10, s.cumulative());
        ps.setLong(11, s.samples());
        ps.setDouble(12, Double.isFinite(s.sum()) ? s.sum() : 0);
        Sql.setDoubleOrNull(ps, 13, s.min());
        Sql.setDoubleOrNull(ps, 14, s.max());
        Sql.setDoubleOrNull(ps, 15, s.last());
        ps.setLong(16, s.lastTimeNanos());
        if (s.sketch() == null) {
          ps.setNull(17, Types.BINARY);
        } else {
          ps.setBytes(17, Sketches.encode(s.sketch()));
        }
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
    return new Fingerprint(rows, check);
  }
}
