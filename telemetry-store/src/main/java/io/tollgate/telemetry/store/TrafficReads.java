package io.tollgate.telemetry.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Per-operation minute rates for traffic profiles: summed and counted in SQL, no sketch read. */
final class TrafficReads {
  private TrafficReads() {}

  static List<MinuteRates> minuteRates(Snapshots snapshots, SpanQuery q) throws SQLException {
    Where w =
        new Where()
            .eq("service", q.service())
            .range("minute_start", q.from(), q.to())
            .eq("service_version", q.version())
            .eq("environment", q.environment())
            .eq("track", q.track())
            .eq("operation", q.operation());
    String sql =
        "SELECT operation, n, COUNT(*), SUM(e) FROM (SELECT operation, minute_start,"
            + " SUM(requests) AS n, SUM(errors) AS e FROM ingest_span_minute"
            + w.sql()
            + " GROUP BY operation, minute_start) per_minute GROUP BY operation, n";
    return snapshots.run(
        c -> {
          Map<String, Map<Long, Long>> histograms = new TreeMap<>();
          Map<String, long[]> totals = new LinkedHashMap<>();
          try (PreparedStatement ps = snapshots.prepare(c, sql)) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String op = rs.getString(1);
                long n = rs.getLong(2);
                long minutes = rs.getLong(3);
                histograms.computeIfAbsent(op, k -> new TreeMap<>()).merge(n, minutes, Long::sum);
                long[] t = totals.computeIfAbsent(op, k -> new long[2]);
                t[0] += n * minutes;
                t[1] += rs.getLong(4);
              }
            }
          }
          List<MinuteRates> out = new ArrayList<>(histograms.size());
          histograms.forEach(
              (op, h) -> out.add(new MinuteRates(op, h, totals.get(op)[0], totals.get(op)[1])));
          return out;
        });
  }
}
