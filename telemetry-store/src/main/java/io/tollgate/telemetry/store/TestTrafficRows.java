package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.FailureSignature;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SpanStats;
import io.tollgate.telemetry.aggregate.TestFailureKey;
import io.tollgate.telemetry.aggregate.TestSpanKey;
import io.tollgate.telemetry.aggregate.TestTrafficBatch;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Appends a batch's test traffic to {@code ingest_test_span_minute} and {@code
 * ingest_test_signature_minute}, keyed by the batch's start offset; readers merge the rows.
 */
final class TestTrafficRows {
  static final String SPAN_TABLE = "ingest_test_span_minute";
  static final String SIGNATURE_TABLE = "ingest_test_signature_minute";

  private static final String SPAN_INSERT =
      "INSERT INTO "
          + SPAN_TABLE
          + " (topic, kafka_partition, batch_offset, service, service_version, environment, track,"
          + " test_run_id, test_case, operation, minute_start, requests, errors, latency_sketch)"
          + " VALUES ";
  private static final int SPAN_COLUMNS = 14;

  private static final String SIGNATURE_INSERT =
      "INSERT INTO "
          + SIGNATURE_TABLE
          + " (topic, kafka_partition, batch_offset, signature_id, service, span_kind, operation,"
          + " error_class, message_template, normalizer_version, service_version, environment,"
          + " track, test_run_id, test_case, minute_start, failures, exemplars) VALUES ";
  private static final int SIGNATURE_COLUMNS = 18;

  private TestTrafficRows() {}

  static void write(Connection c, PartitionBatch batch) throws SQLException {
    TestTrafficBatch tests = batch.testTraffic();
    if (tests.isEmpty()) {
      return;
    }
    MultiRowStatement.execute(
        c,
        SPAN_INSERT,
        "",
        SPAN_COLUMNS,
        tests.spans().entrySet(),
        (ps, i, e) -> {
          TestSpanKey k = e.getKey();
          SpanStats s = e.getValue();
          int at = SpanRows.bindSeries(ps, i, batch, k.series());
          ps.setString(at, k.test().runId());
          ps.setString(at + 1, k.test().testCase());
          ps.setString(at + 2, k.operation());
          ps.setObject(at + 3, Sql.minute(k.minuteEpochSecond()));
          SpanRows.bindStats(ps, at + 4, s);
        });
    MultiRowStatement.execute(
        c,
        SIGNATURE_INSERT,
        "",
        SIGNATURE_COLUMNS,
        tests.failures().entrySet(),
        (ps, i, e) -> {
          TestFailureKey k = e.getKey();
          FailureSignature s = k.signature();
          ps.setString(i, batch.topic());
          ps.setInt(i + 1, batch.partition());
          ps.setLong(i + 2, batch.startOffset());
          ps.setString(i + 3, s.id());
          ps.setString(i + 4, s.service());
          ps.setString(i + 5, s.spanKind());
          ps.setString(i + 6, s.operation());
          ps.setString(i + 7, s.errorClass());
          ps.setString(i + 8, s.message());
          ps.setInt(i + 9, s.normalizerVersion());
          ps.setString(i + 10, k.series().version());
          ps.setString(i + 11, k.series().environment());
          ps.setString(i + 12, k.series().track());
          ps.setString(i + 13, k.test().runId());
          ps.setString(i + 14, k.test().testCase());
          ps.setObject(i + 15, Sql.minute(k.minuteEpochSecond()));
          ps.setLong(i + 16, e.getValue().count());
          ps.setString(i + 17, String.join(",", e.getValue().exemplars()));
        });
  }
}
