package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.MetricKey;
import io.tollgate.telemetry.aggregate.MetricStats;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.SignatureSeen;
import io.tollgate.telemetry.aggregate.SpanKey;
import io.tollgate.telemetry.aggregate.SpanStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What the gate-service reads: aggregates merged over the rows of all partitions and batches
 * ({@link PartialRows}).
 *
 * <pre>{@code
 * AggregateReader reader = new AggregateReader(dataSource);
 * for (OperationStats s : reader.operations(SpanQuery.of("checkout", from, to).withTrack("canary"))) {
 *   double p99 = s.latencyMs().getValueAtQuantile(0.99);
 * }
 * }</pre>
 */
public final class AggregateReader {
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
    return ps;
  }

  /** Per series and operation, merged over the whole window; sorted by series and operation. */
  public List<OperationStats> operations(SpanQuery q) throws SQLException {
    PartialRows<List<Object>, SpanStats> rows =
        PartialRows.spans(new TreeMap<>(Comparator.comparing(Object::toString)));
    Map<List<Object>, SpanKey> keys = new LinkedHashMap<>();
    readSpans(
        q,
        (k, s) -> {
          List<Object> id = List.of(k.series(), k.operation());
          keys.putIfAbsent(id, k);
          rows.add(id, s);
        });
    Map<List<Object>, SpanStats> merged = rows.merged();
    List<OperationStats> out = new ArrayList<>();
    merged.forEach(
        (id, s) -> {
          SpanKey k = keys.get(id);
          out.add(
              new OperationStats(
                  k.series(), k.operation(), s.requests(), s.errors(), s.latencyMs()));
        });
    return out;
  }

  /** Per series, operation and minute; sorted by minute, then series and operation. */
  public List<OperationMinute> operationMinutes(SpanQuery q) throws SQLException {
    PartialRows<SpanKey, SpanStats> rows = PartialRows.spans();
    readSpans(q, rows::add);
    Map<SpanKey, SpanStats> merged = rows.merged();
    List<OperationMinute> out = new ArrayList<>();
    merged.forEach(
        (k, s) ->
            out.add(
                new OperationMinute(
                    Instant.ofEpochSecond(k.minuteEpochSecond()),
                    new OperationStats(
                        k.series(), k.operation(), s.requests(), s.errors(), s.latencyMs()))));
    out.sort(
        Comparator.comparing(OperationMinute::minute)
            .thenComparing(m -> m.stats().series().toString())
            .thenComparing(m -> m.stats().operation()));
    return out;
  }

  private interface SpanSink {
    void accept(SpanKey key, SpanStats stats);
  }

  private void readSpans(SpanQuery q, SpanSink sink) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT * FROM ingest_span_minute WHERE service = ? AND minute_start >= ?"
                + " AND minute_start < ?");
    if (q.track() != null) {
      sql.append(" AND track = ?");
    }
    if (q.operation() != null) {
      sql.append(" AND operation = ?");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, sql.toString())) {
      int i = 1;
      ps.setString(i++, q.service());
      ps.setObject(i++, Sql.time(q.from()));
      ps.setObject(i++, Sql.time(q.to()));
      if (q.track() != null) {
        ps.setString(i++, q.track());
      }
      if (q.operation() != null) {
        ps.setString(i, q.operation());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(SpanRows.key(rs), SpanRows.stats(rs));
        }
      }
    }
  }

  /**
   * The failure signatures of {@code service} with failures in minutes starting in {@code [from,
   * to)}, most failures first.
   */
  public List<SignatureSummary> signatures(String service, Instant from, Instant to)
      throws SQLException {
    PartialRows<String, SignatureSeen> rows = PartialRows.signatures();
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
            rows.add(id, SignatureRows.seen(rs));
          }
        }
      }
    }
    Map<String, SignatureSeen> seen = rows.merged();
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
    PartialRows<MetricKey, MetricStats> rows = PartialRows.metrics();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            prepare(
                c,
                "SELECT * FROM ingest_metric_minute WHERE metric_name = ? AND service = ?"
                    + " AND minute_start >= ? AND minute_start < ?"
                    // batch order, for the newest-point rules on equal times (PartialRows)
                    + " ORDER BY batch_offset")) {
      ps.setString(1, name);
      ps.setString(2, service);
      ps.setObject(3, Sql.time(from));
      ps.setObject(4, Sql.time(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(MetricRows.key(rs), MetricRows.stats(rs));
        }
      }
    }
    Map<MetricKey, MetricStats> merged = rows.merged();
    List<MetricMinute> out = new ArrayList<>();
    merged.forEach(
        (k, s) ->
            out.add(
                new MetricMinute(
                    k.name(),
                    k.series(),
                    k.attributes(),
                    Instant.ofEpochSecond(k.minuteEpochSecond()),
                    s)));
    out.sort(
        Comparator.comparing(MetricMinute::minute)
            .thenComparing(m -> m.series().toString())
            .thenComparing(MetricMinute::attributes));
    return out;
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
