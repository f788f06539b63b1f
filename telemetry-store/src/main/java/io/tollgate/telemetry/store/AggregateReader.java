package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.SignatureSeen;
import io.tollgate.telemetry.aggregate.Sketches;
import io.tollgate.telemetry.aggregate.SpanStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What the gate-service reads: aggregates merged over the rows of all partitions and batches, with
 * every filter applied in SQL.
 *
 * <p>Window totals ({@link #operationCounts}, {@link #operations}) read whole UTC days from day
 * rollups and whole hours from hour rollups where the {@link Compactor} has built them, and minutes
 * for the rest; all parts of a window are read in one REPEATABLE READ transaction, so a compaction
 * that commits meanwhile is seen entirely or not at all. Counts are summed in the database and
 * never touch a sketch. Nothing is truncated: every matching row is read (streamed in pages of
 * {@value #FETCH_SIZE}).
 *
 * <pre>{@code
 * AggregateReader reader = new AggregateReader(dataSource);
 * for (OperationStats s : reader.operations(SpanQuery.of("checkout", from, to).withTrack("canary"))) {
 *   double p99 = s.latencyMs().getValueAtQuantile(0.99);
 * }
 * }</pre>
 */
public final class AggregateReader {
  static final int FETCH_SIZE = 2_000;
  private static final String SPAN_GROUP = "service_version, environment, track, operation";
  private static final Comparator<List<String>> BY_TEXT = AggregateReader::compareLists;

  private final DataSource dataSource;
  private final Snapshots snapshots;

  /** A reader whose queries run as long as the database lets them. */
  public AggregateReader(DataSource dataSource) {
    this(dataSource, Duration.ZERO);
  }

  /**
   * A reader whose every query is cancelled by the driver after {@code queryTimeout} (rounded up to
   * whole seconds; zero for none), so a slow read cannot hold a connection past its caller's
   * deadline.
   */
  public AggregateReader(DataSource dataSource, Duration queryTimeout) {
    if (queryTimeout.isNegative()) {
      throw new IllegalArgumentException("queryTimeout must not be negative: " + queryTimeout);
    }
    this.dataSource = dataSource;
    this.snapshots =
        new Snapshots(
            dataSource, (int) Math.min(Integer.MAX_VALUE, (queryTimeout.toMillis() + 999) / 1000));
  }

  /** A statement's text and its filter's parameters. */
  record Bound(String sql, Where where) {}

  /** The SQL that sums requests and errors of one part of a window (for EXPLAIN in specs). */
  static Bound countsSql(SpanQuery q, WindowPlan.Segment s) {
    Where w = spanFilter(q, s.resolution().timeColumn, s.from(), s.to());
    return new Bound(
        "SELECT "
            + SPAN_GROUP
            + ", SUM(requests), SUM(errors) FROM "
            + s.resolution().spanTable
            + w.sql()
            + " GROUP BY "
            + SPAN_GROUP,
        w);
  }

  static Where spanFilter(SpanQuery q, String timeColumn, Instant from, Instant to) {
    return new Where()
        .eq("service", q.service())
        .range(timeColumn, from, to)
        .eq("service_version", q.version())
        .eq("environment", q.environment())
        .eq("track", q.track())
        .eq("operation", q.operation());
  }

  /** The window's parts by resolution, from the rollup buckets built when the snapshot began. */
  private List<WindowPlan.Segment> plan(Connection c, Instant from, Instant to, boolean spans)
      throws SQLException {
    if (Duration.between(from, to).getSeconds() < Resolution.HOUR.seconds) {
      return List.of(new WindowPlan.Segment(Resolution.MINUTE, from, to));
    }
    Set<Instant> hours = new HashSet<>();
    Set<Instant> days = new HashSet<>();
    try (PreparedStatement ps =
        snapshots.prepare(
            c,
            "SELECT kind, bucket_start FROM ingest_rollup_bucket WHERE kind IN (?, ?)"
                + " AND bucket_start >= ? AND bucket_start < ?")) {
      ps.setString(1, Resolution.HOUR.kind(spans));
      ps.setString(2, Resolution.DAY.kind(spans));
      ps.setObject(3, Sql.time(from));
      ps.setObject(4, Sql.time(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant start = rs.getObject(2, OffsetDateTime.class).toInstant();
          (Resolution.HOUR.kind(spans).equals(rs.getString(1)) ? hours : days).add(start);
        }
      }
    }
    return WindowPlan.plan(from, to, hours, days);
  }

  /**
   * Requests and errors per series and operation over the window, summed in the database from the
   * coarsest aggregates that cover it; no latency sketch is read. Sorted by series and operation.
   */
  public List<OperationCounts> operationCounts(SpanQuery q) throws SQLException {
    return snapshots.run(
        c -> {
          List<Bound> parts = new ArrayList<>();
          for (WindowPlan.Segment s : plan(c, q.from(), q.to(), true)) {
            parts.add(countsSql(q, s));
          }
          return sumCounts(c, q.service(), parts);
        });
  }

  /**
   * Requests and errors per series and operation, summed over {@code parts} (statements selecting
   * {@link #SPAN_GROUP}, then the two sums), sorted by series and operation.
   */
  private List<OperationCounts> sumCounts(Connection c, String service, List<Bound> parts)
      throws SQLException {
    Map<List<String>, long[]> sums = new TreeMap<>(BY_TEXT);
    for (Bound b : parts) {
      try (PreparedStatement ps = snapshots.prepare(c, b.sql())) {
        b.where().bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long[] sum = sums.computeIfAbsent(spanId(service, rs), k -> new long[2]);
            sum[0] += rs.getLong(5);
            sum[1] += rs.getLong(6);
          }
        }
      }
    }
    List<OperationCounts> out = new ArrayList<>(sums.size());
    sums.forEach((id, sum) -> out.add(new OperationCounts(series(id), id.get(4), sum[0], sum[1])));
    return out;
  }

  /**
   * Per series and operation, merged over the whole window, with latency sketches; read from the
   * coarsest aggregates that cover the window. Sorted by series and operation.
   */
  public List<OperationStats> operations(SpanQuery q) throws SQLException {
    return snapshots.run(
        c -> {
          Map<List<String>, SpanStats> merged = new TreeMap<>(BY_TEXT);
          for (WindowPlan.Segment s : plan(c, q.from(), q.to(), true)) {
            Where w = spanFilter(q, s.resolution().timeColumn, s.from(), s.to());
            try (PreparedStatement ps =
                snapshots.prepare(
                    c,
                    "SELECT "
                        + SPAN_GROUP
                        + ", requests, errors, latency_sketch FROM "
                        + s.resolution().spanTable
                        + w.sql())) {
              w.bind(ps);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  SpanStats stats =
                      SpanStats.of(rs.getLong(5), rs.getLong(6), Sketches.decode(rs.getBytes(7)));
                  merged.merge(spanId(q.service(), rs), stats, AggregateReader::fold);
                }
              }
            }
          }
          List<OperationStats> out = new ArrayList<>(merged.size());
          merged.forEach(
              (id, s) ->
                  out.add(
                      new OperationStats(
                          series(id), id.get(4), s.requests(), s.errors(), s.latencyMs())));
          return out;
        });
  }

  /**
   * Per series, operation and minute, with latency sketches; sorted by minute, then series and
   * operation.
   */
  public List<OperationMinute> operationMinutes(SpanQuery q) throws SQLException {
    return operationMinutes(
        "ingest_span_minute", spanFilter(q, "minute_start", q.from(), q.to()), q.service());
  }

  private List<OperationMinute> operationMinutes(String table, Where w, String service)
      throws SQLException {
    return snapshots.run(
        c -> {
          Map<List<String>, SpanStats> merged = new TreeMap<>(BY_TEXT);
          try (PreparedStatement ps =
              snapshots.prepare(
                  c,
                  "SELECT "
                      + SPAN_GROUP
                      + ", requests, errors, latency_sketch, minute_start FROM "
                      + table
                      + w.sql())) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                List<String> id = new ArrayList<>(spanId(service, rs));
                id.add(0, String.format("%020d", Sql.epochSecond(rs, "minute_start")));
                SpanStats stats =
                    SpanStats.of(rs.getLong(5), rs.getLong(6), Sketches.decode(rs.getBytes(7)));
                merged.merge(List.copyOf(id), stats, AggregateReader::fold);
              }
            }
          }
          List<OperationMinute> out = new ArrayList<>(merged.size());
          merged.forEach(
              (id, s) -> {
                List<String> key = id.subList(1, id.size());
                out.add(
                    new OperationMinute(
                        Instant.ofEpochSecond(Long.parseLong(id.get(0))),
                        new OperationStats(
                            series(key), key.get(4), s.requests(), s.errors(), s.latencyMs())));
              });
          return out;
        });
  }

  /**
   * Requests and errors per minute, summed in the database over every series and operation the
   * query matches; no sketch is read. Sorted by minute; minutes without rows are left out.
   */
  public List<MinuteCounts> minuteCounts(SpanQuery q) throws SQLException {
    return minuteCounts(snapshots, "ingest_span_minute", q);
  }

  /** Requests and errors per minute of {@code table} (a span minute table), summed in SQL. */
  static List<MinuteCounts> minuteCounts(Snapshots snapshots, String table, SpanQuery q)
      throws SQLException {
    return minuteCounts(snapshots, table, spanFilter(q, "minute_start", q.from(), q.to()));
  }

  private static List<MinuteCounts> minuteCounts(Snapshots snapshots, String table, Where w)
      throws SQLException {
    return snapshots.run(
        c -> {
          List<MinuteCounts> out = new ArrayList<>();
          try (PreparedStatement ps =
              snapshots.prepare(
                  c,
                  "SELECT minute_start, SUM(requests), SUM(errors) FROM "
                      + table
                      + w.sql()
                      + " GROUP BY minute_start ORDER BY minute_start")) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new MinuteCounts(
                        rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getLong(2),
                        rs.getLong(3)));
              }
            }
          }
          return out;
        });
  }

  /**
   * {@link #operationCounts} of the spans served with one feature-flag variant, summed over the
   * window's minutes ({@code ingest_flag_minute} has no rollups: the window must lie within minute
   * retention).
   */
  public List<OperationCounts> operationCounts(FlagQuery q) throws SQLException {
    Where w = q.where();
    Bound b =
        new Bound(
            "SELECT "
                + SPAN_GROUP
                + ", SUM(requests), SUM(errors) FROM "
                + FlagRows.TABLE
                + w.sql()
                + " GROUP BY "
                + SPAN_GROUP,
            w);
    return snapshots.run(c -> sumCounts(c, q.spans().service(), List.of(b)));
  }

  /** {@link #operationMinutes} of the spans served with one feature-flag variant. */
  public List<OperationMinute> operationMinutes(FlagQuery q) throws SQLException {
    return operationMinutes(FlagRows.TABLE, q.where(), q.spans().service());
  }

  /** {@link #minuteCounts} of the spans served with one feature-flag variant. */
  public List<MinuteCounts> minuteCounts(FlagQuery q) throws SQLException {
    return minuteCounts(snapshots, FlagRows.TABLE, q.where());
  }

  /**
   * Per operation, how many minutes had each request count, with its requests and errors; summed
   * and counted in the database over every series the query matches, no sketch read. Sorted by
   * operation. Reads the minute table only, so the window must lie within minute retention.
   */
  public List<MinuteRates> minuteRates(SpanQuery q) throws SQLException {
    return TrafficReads.minuteRates(snapshots, q);
  }

  static int compareLists(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  static SpanStats fold(SpanStats a, SpanStats b) {
    a.merge(b);
    return a;
  }

  /** service, version, environment, track, operation of a row starting with {@link #SPAN_GROUP}. */
  private static List<String> spanId(String service, ResultSet rs) throws SQLException {
    return List.of(service, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
  }

  private static SeriesKey series(List<String> id) {
    return new SeriesKey(id.get(0), id.get(1), id.get(2), id.get(3));
  }

  /**
   * The failure signatures of {@code service} with failures in minutes starting in {@code [from,
   * to)}, most failures first.
   */
  public List<SignatureSummary> signatures(String service, Instant from, Instant to)
      throws SQLException {
    return signatures(
        service,
        "SELECT m.signature_id, m.track, SUM(m.failures) AS failures"
            + " FROM ingest_signature_minute m WHERE m.minute_start >= ?"
            + " AND m.minute_start < ? AND m.signature_id IN (SELECT s.signature_id"
            + " FROM ingest_signature s WHERE s.service = ?)"
            + " GROUP BY m.signature_id, m.track",
        List.of(Sql.time(from), Sql.time(to), service));
  }

  /**
   * The failure signatures of {@code service} in spans that evaluated feature flag {@code flag},
   * with failures in minutes starting in {@code [from, to)}, most failures first; {@link
   * SignatureSummary#failuresByTrack} holds the failures per <em>variant</em> of the flag.
   */
  public List<SignatureSummary> variantSignatures(
      String service, String flag, Instant from, Instant to) throws SQLException {
    return signatures(
        service,
        "SELECT m.signature_id, m.variant AS track, SUM(m.failures) AS failures FROM "
            + FlagRows.FAILURES
            + " m WHERE m.flag_key = ? AND m.minute_start >= ? AND m.minute_start < ?"
            + " AND m.signature_id IN (SELECT s.signature_id FROM ingest_signature s"
            + " WHERE s.service = ?) GROUP BY m.signature_id, m.variant",
        List.of(flag, Sql.time(from), Sql.time(to), service));
  }

  /**
   * Signatures of {@code service} with their failures as {@code countSql} sums them (columns {@code
   * signature_id}, {@code track}, {@code failures}; its parameters {@code params}).
   */
  private List<SignatureSummary> signatures(String service, String countSql, List<Object> params)
      throws SQLException {
    Map<String, SignatureSeen> seen = new LinkedHashMap<>();
    Map<String, Map<String, Long>> byTrack = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = snapshots.prepare(c, countSql)) {
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byTrack
                .computeIfAbsent(rs.getString("signature_id"), k -> new TreeMap<>())
                .merge(rs.getString("track"), rs.getLong("failures"), Long::sum);
          }
        }
      }
      try (PreparedStatement ps =
          snapshots.prepare(c, "SELECT * FROM ingest_signature WHERE service = ?")) {
        ps.setString(1, service);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString("signature_id");
            if (!byTrack.containsKey(id)) {
              continue;
            }
            SignatureSeen s = SignatureRows.seen(rs);
            SignatureSeen m = seen.get(id);
            if (m == null) {
              seen.put(id, s);
            } else {
              m.merge(s);
            }
          }
        }
      }
    }
    List<SignatureSummary> out = new ArrayList<>();
    seen.forEach((id, s) -> out.add(SignatureSummary.of(id, s, byTrack.get(id))));
    out.sort(
        Comparator.comparingLong(SignatureSummary::failures)
            .reversed()
            .thenComparing(SignatureSummary::id));
    return out;
  }

  /**
   * The minutes of metric {@code name} emitted by {@code service} starting in {@code [from, to)},
   * sorted by minute then series and attributes.
   */
  public List<MetricMinute> metricMinutes(String name, String service, Instant from, Instant to)
      throws SQLException {
    return metricMinutes(MetricQuery.of(name, service, from, to));
  }

  /**
   * The metric minutes {@code q} selects, merged over partitions and batches; sorted by minute then
   * series and attributes. Attributes are matched exactly: a SQL {@code LIKE} on the stored
   * canonical text narrows the rows, then each row's attributes are parsed and compared.
   */
  public List<MetricMinute> metricMinutes(MetricQuery q) throws SQLException {
    return MetricReads.minutes(snapshots, q);
  }

  /** For tests and tools: the series seen for {@code service}. */
  public List<SeriesKey> series(String service) throws SQLException {
    List<SeriesKey> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            snapshots.prepare(
                c,
                "SELECT DISTINCT service, service_version, environment, track"
                    + " FROM ingest_span_minute WHERE service = ?")) {
      ps.setString(1, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new SeriesKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return out;
  }
}
