package io.tollgate.telemetry.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-operation minute rates for traffic profiles: one pass over the minute table, summed per
 * minute and then counted per operation, request count and hour of day in SQL; no sketch read.
 */
final class TrafficReads {
  private TrafficReads() {}

  private static final class Acc {
    final Map<Long, Long> histogram = new TreeMap<>();
    final long[] hours = new long[24];
    Instant first;
    long requests;
    long errors;
  }

  static List<MinuteRates> minuteRates(Snapshots snapshots, SpanQuery q) throws SQLException {
    Where w =
        new Where()
            .eq("service", q.service())
            .range("minute_start", q.from(), q.to())
            .eq("service_version", q.version())
            .eq("environment", q.environment())
            .eq("track", q.track())
            .eq("operation", q.operation());
    // hour of day from the epoch, not EXTRACT(HOUR): that one follows the session's time zone
    String sql =
        "SELECT operation, n, MOD(FLOOR(EXTRACT(EPOCH FROM minute_start) / 3600), 24) AS h,"
            + " COUNT(*), SUM(e), MIN(minute_start) FROM (SELECT operation, minute_start,"
            + " SUM(requests) AS n, SUM(errors) AS e FROM ingest_span_minute"
            + w.sql()
            + " GROUP BY operation, minute_start) per_minute GROUP BY operation, n, h";
    return snapshots.run(
        c -> {
          Map<String, Acc> ops = new HashMap<>();
          try (PreparedStatement ps = snapshots.prepare(c, sql)) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Acc a = ops.computeIfAbsent(rs.getString(1), k -> new Acc());
                long n = rs.getLong(2);
                int hour = Math.floorMod(rs.getInt(3), 24);
                long minutes = rs.getLong(4);
                a.histogram.merge(n, minutes, Long::sum);
                a.hours[hour] += n * minutes;
                a.requests += n * minutes;
                a.errors += rs.getLong(5);
                Instant first = rs.getObject(6, OffsetDateTime.class).toInstant();
                a.first = a.first == null || first.isBefore(a.first) ? first : a.first;
              }
            }
          }
          List<MinuteRates> out = new ArrayList<>(ops.size());
          new TreeMap<>(ops)
              .forEach(
                  (op, a) ->
                      out.add(
                          new MinuteRates(
                              op,
                              a.histogram,
                              Arrays.stream(a.hours).boxed().toList(),
                              a.first,
                              a.requests,
                              a.errors)));
          return out;
        });
  }
}
