package io.tollgate.telemetry.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-operation minute rates for traffic profiles, in one pass over the minute table in minute
 * order (the {@code (service, minute_start)} index): rows of one minute are summed per operation in
 * memory, so the database never sorts or hashes a week of minutes. No sketch is read.
 */
final class TrafficReads {
  private TrafficReads() {}

  private static final class Acc {
    final Map<Long, Long> histogram = new HashMap<>();
    final long[] hours = new long[24];
    long first = Long.MAX_VALUE;
    long requests;
    long errors;
    // the current minute's sums
    long n;
    long e;
    boolean seen;
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
    String sql =
        "SELECT minute_start, operation, requests, errors FROM ingest_span_minute"
            + w.sql()
            + " ORDER BY minute_start";
    return snapshots.run(
        c -> {
          Map<String, Acc> ops = new HashMap<>();
          List<Acc> inMinute = new ArrayList<>();
          String minuteText = null;
          long minute = 0;
          try (PreparedStatement ps = snapshots.prepare(c, sql)) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String text = rs.getString(1);
                if (!text.equals(minuteText)) {
                  flush(inMinute, minute);
                  minuteText = text;
                  minute = rs.getObject(1, OffsetDateTime.class).toEpochSecond();
                }
                Acc a = ops.computeIfAbsent(rs.getString(2), k -> new Acc());
                if (!a.seen) {
                  a.seen = true;
                  inMinute.add(a);
                }
                a.n += rs.getLong(3);
                a.e += rs.getLong(4);
              }
            }
          }
          flush(inMinute, minute);
          List<MinuteRates> out = new ArrayList<>(ops.size());
          new TreeMap<>(ops)
              .forEach(
                  (op, a) ->
                      out.add(
                          new MinuteRates(
                              op,
                              a.histogram,
                              Arrays.stream(a.hours).boxed().toList(),
                              java.time.Instant.ofEpochSecond(a.first),
                              a.requests,
                              a.errors)));
          return out;
        });
  }

  /** Folds the operations seen in one minute into their histograms. */
  private static void flush(List<Acc> inMinute, long minute) {
    int hour = (int) Math.floorMod(Math.floorDiv(minute, 3600L), 24L);
    for (Acc a : inMinute) {
      a.histogram.merge(a.n, 1L, Long::sum);
      a.hours[hour] += a.n;
      a.requests += a.n;
      a.errors += a.e;
      a.first = Math.min(a.first, minute);
      a.n = 0;
      a.e = 0;
      a.seen = false;
    }
    inMinute.clear();
  }
}
