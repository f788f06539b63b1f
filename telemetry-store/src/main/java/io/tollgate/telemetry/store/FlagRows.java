package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.FlagFailureKey;
import io.tollgate.telemetry.aggregate.FlagSpanKey;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import java.sql.Connection;
import java.sql.SQLException;

/** Writes {@code ingest_flag_minute} and {@code ingest_flag_signature_minute} rows. */
final class FlagRows {
  static final String TABLE = "ingest_flag_minute";
  static final String FAILURES = "ingest_flag_signature_minute";
  private static final String INSERT =
      "INSERT INTO "
          + TABLE
          + " (topic, kafka_partition, batch_offset, service, service_version, environment, track,"
          + " flag_key, variant, operation, minute_start, requests, errors, latency_sketch) VALUES ";
  private static final int COLUMNS = 14;
  private static final String FAILURE_INSERT =
      "INSERT INTO "
          + FAILURES
          + " (topic, kafka_partition, batch_offset, signature_id, flag_key, variant, minute_start,"
          + " failures) VALUES ";
  private static final int FAILURE_COLUMNS = 8;

  private FlagRows() {}

  /**
   * Appends the batch's flag statistics and per-variant failure counts as rows of their own (keyed
   * by its start offset).
   */
  static void write(Connection c, PartitionBatch batch) throws SQLException {
    MultiRowStatement.execute(
        c,
        INSERT,
        "",
        COLUMNS,
        batch.flagSpans().stats().entrySet(),
        (ps, i, e) -> {
          FlagSpanKey k = e.getKey();
          ps.setString(i, batch.topic());
          ps.setInt(i + 1, batch.partition());
          ps.setLong(i + 2, batch.startOffset());
          SpanRows.bindSeries(ps, i + 3, k.series());
          ps.setString(i + 7, k.flag());
          ps.setString(i + 8, k.variant());
          ps.setString(i + 9, k.operation());
          ps.setObject(i + 10, Sql.minute(k.minuteEpochSecond()));
          SpanRows.bindStats(ps, i + 11, e.getValue());
        });
    MultiRowStatement.execute(
        c,
        FAILURE_INSERT,
        "",
        FAILURE_COLUMNS,
        batch.flagSpans().failures().entrySet(),
        (ps, i, e) -> {
          FlagFailureKey k = e.getKey();
          ps.setString(i, batch.topic());
          ps.setInt(i + 1, batch.partition());
          ps.setLong(i + 2, batch.startOffset());
          ps.setString(i + 3, k.signatureId());
          ps.setString(i + 4, k.flag());
          ps.setString(i + 5, k.variant());
          ps.setObject(i + 6, Sql.minute(k.minuteEpochSecond()));
          ps.setLong(i + 7, e.getValue()[0]);
        });
  }
}
