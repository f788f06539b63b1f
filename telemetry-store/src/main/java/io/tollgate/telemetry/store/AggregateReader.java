package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.MetricStats;
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
  private final int queryTimeoutSeconds;

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
    this.queryTimeoutSeconds =
        (int) Math.min(Integer.MAX_VALUE, (queryTimeout.toMillis() + 999) / 1000);
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(queryTimeoutSeconds);
    ps.setFetchSize(FETCH_SIZE);
    return ps;
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one read-only REPEATABLE READ transaction: one snapshot for a window. */
  private <T> T inSnapshot(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      if (!autoCommit) {
        c.commit();
      }
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
        c.setTransactionIsolation(isolation);
      }
    }
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

  private static Where spanFilter(SpanQuery q, String timeColumn, Instant from, Instant to) {
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
        prepare(
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
    return inSnapshot(
        c -> {
          Map<List<String>, long[]> sums = new TreeMap<>(BY_TEXT);
          for (WindowPlan.Segment s : plan(c, q.from(), q.to(), true)) {
            Bound b = countsSql(q, s);
            try (PreparedStatement ps = prepare(c, b.sql())) {
              b.where().bind(ps);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  long[] sum = sums.computeIfAbsent(spanId(q, rs), k -> new long[2]);
                  sum[0] += rs.getLong(5);
                  sum[1] += rs.getLong(6);
                }
              }
            }
          }
          List<OperationCounts> out = new ArrayList<>(sums.size());
          sums.forEach(
              (id, sum) -> out.add(new OperationCounts(series(id), id.get(4), sum[0], sum[1])));
          return out;
        });
  }

  /**
   * Per series and operation, merged over the whole window, with latency sketches; read from the
   * coarsest aggregates that cover the window. Sorted by series and operation.
   */
  public List<OperationStats> operations(SpanQuery q) throws SQLException {
    return inSnapshot(
        c -> {
          Map<List<String>, SpanStats> merged = new TreeMap<>(BY_TEXT);
          for (WindowPlan.Segment s : plan(c, q.from(), q.to(), true)) {
            Where w = spanFilter(q, s.resolution().timeColumn, s.from(), s.to());
            try (PreparedStatement ps =
                prepare(
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
                  merged.merge(spanId(q, rs), stats, AggregateReader::fold);
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
    return inSnapshot(
        c -> {
          Map<List<String>, SpanStats> merged = new TreeMap<>(BY_TEXT);
          Where w = spanFilter(q, "minute_start", q.from(), q.to());
          try (PreparedStatement ps =
              prepare(
                  c,
                  "SELECT "
                      + SPAN_GROUP
                      + ", requests, errors, latency_sketch, minute_start"
                      + " FROM ingest_span_minute"
                      + w.sql())) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                List<String> id = new ArrayList<>(spanId(q, rs));
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
    return inSnapshot(
        c -> {
          List<MinuteCounts> out = new ArrayList<>();
          Where w = spanFilter(q, "minute_start", q.from(), q.to());
          try (PreparedStatement ps =
              prepare(
                  c,
                  "SELECT minute_start, SUM(requests), SUM(errors) FROM ingest_span_minute"
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

  private static int compareLists(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static SpanStats fold(SpanStats a, SpanStats b) {
    a.merge(b);
    return a;
  }

  /** service, version, environment, track, operation of a row starting with {@link #SPAN_GROUP}. */
  private static List<String> spanId(SpanQuery q, ResultSet rs) throws SQLException {
    return List.of(q.service(), rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
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
    Map<String, SignatureSeen> seen = new LinkedHashMap<>();
    Map<String, Map<String, Long>> byTrack = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          prepare(
              c,
              "SELECT m.signature_id, m.track, SUM(m.failures) AS failures"
                  + " FROM ingest_signature_minute m WHERE m.minute_start >= ?"
                  + " AND m.minute_start < ? AND m.signature_id IN (SELECT s.signature_id"
                  + " FROM ingest_signature s WHERE s.service = ?)"
                  + " GROUP BY m.signature_id, m.track")) {
        ps.setObject(1, Sql.time(from));
        ps.setObject(2, Sql.time(to));
        ps.setString(3, service);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byTrack
                .computeIfAbsent(rs.getString("signature_id"), k -> new TreeMap<>())
                .merge(rs.getString("track"), rs.getLong("failures"), Long::sum);
          }
        }
      }
      try (PreparedStatement ps = prepare(c, "SELECT * FROM ingest_signature WHERE service = ?")) {
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
    seen.forEach(
        (id, s) -> {
          Map<String, Long> tracks = byTrack.get(id);
          long total = tracks.values().stream().mapToLong(Long::longValue).sum();
          out.add(
              new SignatureSummary(
                  id,
                  s.signature(),
                  total,
                  Map.copyOf(tracks),
                  instant(s.firstSeenNanos()),
                  instant(s.lastSeenNanos()),
                  s.exemplars()));
        });
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
    Where w =
        new Where()
            .eq("metric_name", q.name())
            .eq("service", q.service())
            .range("minute_start", q.from(), q.to())
            .eq("service_version", q.version())
            .eq("environment", q.environment())
            .eq("track", q.track());
    for (Map.Entry<String, String> a : q.attributes().entrySet()) {
      w.like(
          "attributes", AttributeText.likeContaining(AttributeText.pair(a.getKey(), a.getValue())));
    }
    String sql =
        "SELECT service_version, environment, track, attributes, minute_start, metric_kind,"
            + " cumulative, samples, sum_total, min_sample, max_sample, last_sample,"
            + " last_time_nanos"
            + (q.sketches() ? ", sketch" : "")
            + " FROM ingest_metric_minute"
            + w.sql();
    return inSnapshot(
        c -> {
          Map<List<String>, MetricStats> merged = new TreeMap<>(BY_TEXT);
          try (PreparedStatement ps = prepare(c, sql)) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String attributes = rs.getString("attributes");
                if (!AttributeText.includes(attributes, q.attributes())) {
                  continue;
                }
                List<String> id =
                    List.of(
                        String.format("%020d", Sql.epochSecond(rs, "minute_start")),
                        q.service(),
                        rs.getString("service_version"),
                        rs.getString("environment"),
                        rs.getString("track"),
                        attributes);
                byte[] sketch = q.sketches() ? rs.getBytes("sketch") : null;
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
                MetricStats m = merged.get(id);
                if (m == null) {
                  merged.put(id, s);
                } else {
                  m.merge(s);
                }
              }
            }
          }
          List<MetricMinute> out = new ArrayList<>(merged.size());
          merged.forEach(
              (id, s) ->
                  out.add(
                      new MetricMinute(
                          q.name(),
                          new SeriesKey(id.get(1), id.get(2), id.get(3), id.get(4)),
                          id.get(5),
                          Instant.ofEpochSecond(Long.parseLong(id.get(0))),
                          s)));
          out.sort(
              Comparator.comparing(MetricMinute::minute)
                  .thenComparing(m -> m.series().toString())
                  .thenComparing(MetricMinute::attributes));
          return out;
        });
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** For tests and tools: the series seen for {@code service}. */
  public List<SeriesKey> series(String service) throws SQLException {
    List<SeriesKey> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            prepare(
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
