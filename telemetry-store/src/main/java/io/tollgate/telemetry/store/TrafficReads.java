package io.tollgate.telemetry.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Per-operation minute counts for traffic profiles: summed in SQL, no sketch read. */
final class TrafficReads {
  private TrafficReads() {}

  static List<OperationMinuteCount> operationMinuteCounts(Snapshots snapshots, SpanQuery q)
      throws SQLException {
    Where w =
        new Where()
            .eq("service", q.service())
            .range("minute_start", q.from(), q.to())
            .eq("service_version", q.version())
            .eq("environment", q.environment())
            .eq("track", q.track())
            .eq("operation", q.operation());
    String sql =
        "SELECT minute_start, operation, SUM(requests), SUM(errors) FROM ingest_span_minute"
            + w.sql()
            + " GROUP BY minute_start, operation ORDER BY minute_start, operation";
    return snapshots.run(
        c -> {
          List<OperationMinuteCount> out = new ArrayList<>();
          try (PreparedStatement ps = snapshots.prepare(c, sql)) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new OperationMinuteCount(
                        rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4)));
              }
            }
          }
          return out;
        });
  }
}
