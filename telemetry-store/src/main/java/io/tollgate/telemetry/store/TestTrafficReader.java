package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.FailureSignature;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.Sketches;
import io.tollgate.telemetry.aggregate.SpanStats;
import io.tollgate.telemetry.aggregate.TestId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Reads the test traffic ingest kept apart from production: per service, operation and window (the
 * same {@link SpanQuery} the production reader takes), or per test run. Rows of all partitions and
 * batches are merged; every filter is applied in SQL.
 *
 * <pre>{@code
 * TestTrafficReader tests = new TestTrafficReader(dataSource);
 * for (TestFailureSummary f : tests.failuresOfRun("run-42")) {
 *   // f.test().testCase() failed f.failures() times with f.signatureId()
 * }
 * }</pre>
 */
public final class TestTrafficReader {
  /** The most rows a per-run or per-window listing returns. */
  public static final int MAX_ROWS = 5_000;

  private static final String CASE_GROUP = "service, operation, test_run_id, test_case";
  private static final String FAILURE_GROUP =
      "signature_id, service, span_kind, operation, error_class, message_template,"
          + " normalizer_version, test_run_id, test_case";

  private final Snapshots snapshots;

  public TestTrafficReader(DataSource dataSource) {
    this(dataSource, Duration.ZERO);
  }

  /** A reader whose queries the driver cancels after {@code queryTimeout} (zero for none). */
  public TestTrafficReader(DataSource dataSource, Duration queryTimeout) {
    this.snapshots =
        new Snapshots(
            dataSource, (int) Math.min(Integer.MAX_VALUE, (queryTimeout.toMillis() + 999) / 1000));
  }

  /** Test requests and errors per minute over every series and operation {@code q} matches. */
  public List<MinuteCounts> minuteCounts(SpanQuery q) throws SQLException {
    return AggregateReader.minuteCounts(snapshots, TestTrafficRows.SPAN_TABLE, q);
  }

  /**
   * Test requests, errors and latency per minute, merged over every series, operation and test that
   * {@code q} matches; sorted by minute. The series of each row is the query's service alone.
   */
  public List<OperationMinute> minutes(SpanQuery q) throws SQLException {
    Where w = AggregateReader.spanFilter(q, "minute_start", q.from(), q.to());
    return snapshots.run(
        c -> {
          Map<OffsetDateTime, SpanStats> merged = new TreeMap<>();
          try (PreparedStatement ps =
              snapshots.prepare(
                  c,
                  "SELECT minute_start, requests, errors, latency_sketch FROM "
                      + TestTrafficRows.SPAN_TABLE
                      + w.sql())) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                merged.merge(
                    rs.getObject(1, OffsetDateTime.class),
                    SpanStats.of(rs.getLong(2), rs.getLong(3), Sketches.decode(rs.getBytes(4))),
                    AggregateReader::fold);
              }
            }
          }
          SeriesKey series = new SeriesKey(q.service(), null, null, null);
          String operation = q.operation() == null ? "" : q.operation();
          List<OperationMinute> out = new ArrayList<>(merged.size());
          merged.forEach(
              (minute, s) ->
                  out.add(
                      new OperationMinute(
                          minute.toInstant(),
                          new OperationStats(
                              series, operation, s.requests(), s.errors(), s.latencyMs()))));
          return out;
        });
  }

  /** Requests and errors per service, operation, test run and case within {@code q}. */
  public List<TestTrafficCounts> cases(SpanQuery q) throws SQLException {
    return cases(AggregateReader.spanFilter(q, "minute_start", q.from(), q.to()));
  }

  /** Requests and errors per service, operation and test case of one test run. */
  public List<TestTrafficCounts> casesOfRun(String runId) throws SQLException {
    return cases(new Where().eq("test_run_id", runId));
  }

  /** Failures per signature, test run and case within {@code q}, most first. */
  public List<TestFailureSummary> failures(SpanQuery q) throws SQLException {
    return failures(AggregateReader.spanFilter(q, "minute_start", q.from(), q.to()));
  }

  /** Failures per signature and test case of one test run, most first. */
  public List<TestFailureSummary> failuresOfRun(String runId) throws SQLException {
    return failures(new Where().eq("test_run_id", runId));
  }

  /**
   * The services with test traffic committed after {@code after} (batch offset per partition, as
   * {@link SignatureReader#changes} keys them), at most {@code limit} of them: one index range scan
   * per partition over the span rows, which every test span writes.
   */
  public TestTrafficChanges changes(Map<String, Long> after, int limit) throws SQLException {
    return snapshots.run(
        c -> {
          BatchChanges.Result r =
              BatchChanges.after(c, TestTrafficRows.SPAN_TABLE, "service", after, limit);
          return new TestTrafficChanges(r.values(), r.watermarks(), r.complete());
        });
  }

  /** The last batch offset of test traffic per partition, keyed as {@link #changes} keys it. */
  public Map<String, Long> watermarks() throws SQLException {
    return snapshots.run(c -> BatchChanges.watermarks(c, TestTrafficRows.SPAN_TABLE));
  }

  private List<TestTrafficCounts> cases(Where w) throws SQLException {
    return snapshots.run(
        c -> {
          List<TestTrafficCounts> out = new ArrayList<>();
          try (PreparedStatement ps =
              snapshots.prepare(
                  c,
                  "SELECT "
                      + CASE_GROUP
                      + ", SUM(requests), SUM(errors) FROM "
                      + TestTrafficRows.SPAN_TABLE
                      + w.sql()
                      + " GROUP BY "
                      + CASE_GROUP
                      + " ORDER BY "
                      + CASE_GROUP
                      + " FETCH FIRST "
                      + MAX_ROWS
                      + " ROWS ONLY")) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new TestTrafficCounts(
                        rs.getString(1),
                        rs.getString(2),
                        new TestId(rs.getString(3), rs.getString(4)),
                        rs.getLong(5),
                        rs.getLong(6)));
              }
            }
          }
          return out;
        });
  }

  /**
   * Sums the failure rows per signature and test, and collects each one's exemplars (the first five
   * distinct) from its rows.
   */
  private List<TestFailureSummary> failures(Where w) throws SQLException {
    return snapshots.run(
        c -> {
          Map<List<Object>, long[]> counts = new LinkedHashMap<>();
          Map<List<Object>, Set<String>> exemplars = new LinkedHashMap<>();
          Map<List<Object>, FailureSignature> signatures = new LinkedHashMap<>();
          try (PreparedStatement ps =
              snapshots.prepare(
                  c,
                  "SELECT "
                      + FAILURE_GROUP
                      + ", failures, exemplars FROM "
                      + TestTrafficRows.SIGNATURE_TABLE
                      + w.sql()
                      + " ORDER BY minute_start")) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                List<Object> key = List.of(rs.getString(1), rs.getString(8), rs.getString(9));
                if (!counts.containsKey(key) && counts.size() >= MAX_ROWS) {
                  continue;
                }
                if (!signatures.containsKey(key)) {
                  signatures.put(
                      key,
                      new FailureSignature(
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5),
                          rs.getString(6),
                          rs.getInt(7)));
                }
                counts.computeIfAbsent(key, k -> new long[1])[0] += rs.getLong(10);
                Set<String> ex = exemplars.computeIfAbsent(key, k -> new LinkedHashSet<>());
                ex.addAll(SignatureRows.exemplars(rs.getString(11)));
              }
            }
          }
          List<TestFailureSummary> out = new ArrayList<>(counts.size());
          counts.forEach(
              (key, n) ->
                  out.add(
                      new TestFailureSummary(
                          (String) key.get(0),
                          signatures.get(key),
                          new TestId((String) key.get(1), (String) key.get(2)),
                          n[0],
                          exemplars.get(key).stream().limit(5).toList())));
          out.sort(
              (a, b) ->
                  a.failures() != b.failures()
                      ? Long.compare(b.failures(), a.failures())
                      : a.signatureId().compareTo(b.signatureId()));
          return out;
        });
  }
}
