package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.Sketches;
import io.tollgate.telemetry.aggregate.SpanStats;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hour and day rollups of span aggregates: requests and errors add up, sketches merge. */
final class SpanRollup extends Rollup {
  private static final String KEY = "service, service_version, environment, track, operation";

  @Override
  boolean spans() {
    return true;
  }

  @Override
  String table(Resolution r) {
    return r.spanTable;
  }

  @Override
  String checkExpression() {
    return "requests + errors";
  }

  @Override
  Fingerprint rebuild(Connection c, Resolution source, Resolution target, Instant start)
      throws SQLException {
    Map<List<String>, SpanStats> merged = new HashMap<>();
    long rows = 0;
    long check = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + KEY
                + ", requests, errors, latency_sketch FROM "
                + source.spanTable
                + " WHERE "
                + source.timeColumn
                + " >= ? AND "
                + source.timeColumn
                + " < ?")) {
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
                  rs.getString(5));
          long requests = rs.getLong(6);
          long errors = rs.getLong(7);
          rows++;
          check += requests + errors;
          SpanStats s = SpanStats.of(requests, errors, Sketches.decode(rs.getBytes(8)));
          merged.merge(
              key,
              s,
              (a, b) -> {
                a.merge(b);
                return a;
              });
        }
      }
    }
    deleteBucket(c, target, start);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + target.spanTable
                + " ("
                + KEY
                + ", "
                + target.timeColumn
                + ", requests, errors, latency_sketch) VALUES (?,?,?,?,?,?,?,?,?)")) {
      int pending = 0;
      for (Map.Entry<List<String>, SpanStats> e : merged.entrySet()) {
        List<String> k = e.getKey();
        for (int i = 0; i < 5; i++) {
          ps.setString(i + 1, k.get(i));
        }
        ps.setObject(6, Sql.time(start));
        ps.setLong(7, e.getValue().requests());
        ps.setLong(8, e.getValue().errors());
        ps.setBytes(9, Sketches.encode(e.getValue().latencyMs()));
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
    return new Fingerprint(rows, BigDecimal.valueOf(check));
  }
}
