package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.FailureSignature;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SignatureKey;
import io.tollgate.telemetry.aggregate.SignatureSeen;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes and reads {@code ingest_signature} (one row per signature and partition, upserted) and
 * {@code ingest_signature_minute} (appended per batch) rows.
 */
final class SignatureRows {
  private static final String COUNT_INSERT =
      "INSERT INTO ingest_signature_minute (topic, kafka_partition, batch_offset, signature_id,"
          + " track, service_version, minute_start, failures) VALUES ";
  private static final int COUNT_COLUMNS = 8;

  private static final String SEEN_COLUMNS =
      "topic, kafka_partition, signature_id, service, span_kind, operation, error_class,"
          + " message_template, normalizer_version, first_seen, last_seen, exemplars";
  private static final int SEEN_COLUMN_COUNT = 12;

  /**
   * Appends the new exemplars while the stored list has fewer than {@link
   * SignatureSeen#MAX_EXEMPLARS} (commas counted) and the result fits the column; readers drop
   * duplicates and keep the first five.
   */
  private static final String EXEMPLARS =
      "CASE WHEN %2$s.exemplars = '' THEN %1$s.exemplars"
          + " WHEN %1$s.exemplars = '' THEN %2$s.exemplars"
          + " WHEN LENGTH(%1$s.exemplars) - LENGTH(REPLACE(%1$s.exemplars, ',', '')) >= "
          + (SignatureSeen.MAX_EXEMPLARS - 1)
          + " THEN %1$s.exemplars"
          + " WHEN LENGTH(%1$s.exemplars) + 1 + LENGTH(%2$s.exemplars) > 1024 THEN %1$s.exemplars"
          + " ELSE %1$s.exemplars || ',' || %2$s.exemplars END";

  private static final String POSTGRES_UPSERT_HEAD =
      "INSERT INTO ingest_signature AS t (" + SEEN_COLUMNS + ") VALUES ";
  private static final String POSTGRES_UPSERT_TAIL =
      " ON CONFLICT (topic, kafka_partition, signature_id) DO UPDATE SET"
          + " first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),"
          + " last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen),"
          + " exemplars = "
          + String.format(EXEMPLARS, "t", "EXCLUDED");

  private static final String MERGE_HEAD = "MERGE INTO ingest_signature t USING (VALUES ";
  private static final String MERGE_TAIL =
      ") AS s ("
          + SEEN_COLUMNS
          + ") ON t.topic = s.topic AND t.kafka_partition = s.kafka_partition"
          + " AND t.signature_id = s.signature_id"
          + " WHEN MATCHED THEN UPDATE SET first_seen = LEAST(t.first_seen, s.first_seen),"
          + " last_seen = GREATEST(t.last_seen, s.last_seen),"
          + " exemplars = "
          + String.format(EXEMPLARS, "t", "s")
          + " WHEN NOT MATCHED THEN INSERT ("
          + SEEN_COLUMNS
          + ") VALUES (s.topic, s.kafka_partition, s.signature_id, s.service, s.span_kind,"
          + " s.operation, s.error_class, s.message_template, s.normalizer_version,"
          + " s.first_seen, s.last_seen, s.exemplars)";

  private SignatureRows() {}

  static void write(Connection c, PartitionBatch batch, Dialect dialect) throws SQLException {
    if (batch.signatures().isEmpty() && batch.failures().isEmpty()) {
      return;
    }
    writeSeen(c, batch, dialect);
    writeCounts(c, batch);
  }

  /**
   * One upsert per batch: first and last sighting move outwards, exemplars fill up. No read: a
   * signature's row is written by the partition's owner only, which the offset row serializes.
   */
  private static void writeSeen(Connection c, PartitionBatch batch, Dialect dialect)
      throws SQLException {
    String head = dialect == Dialect.POSTGRESQL ? POSTGRES_UPSERT_HEAD : MERGE_HEAD;
    String tail = dialect == Dialect.POSTGRESQL ? POSTGRES_UPSERT_TAIL : MERGE_TAIL;
    MultiRowStatement.execute(
        c,
        head,
        tail,
        SEEN_COLUMN_COUNT,
        batch.signatures().entrySet(),
        (ps, i, e) -> bindSeen(ps, i, batch, e.getKey(), e.getValue()));
  }

  private static void bindSeen(
      PreparedStatement ps, int i, PartitionBatch b, String id, SignatureSeen seen)
      throws SQLException {
    FailureSignature s = seen.signature();
    ps.setString(i, b.topic());
    ps.setInt(i + 1, b.partition());
    ps.setString(i + 2, id);
    ps.setString(i + 3, s.service());
    ps.setString(i + 4, s.spanKind());
    ps.setString(i + 5, s.operation());
    ps.setString(i + 6, s.errorClass());
    ps.setString(i + 7, s.message());
    ps.setInt(i + 8, s.normalizerVersion());
    ps.setObject(i + 9, Sql.time(seen.firstSeenNanos()));
    ps.setObject(i + 10, Sql.time(seen.lastSeenNanos()));
    ps.setString(i + 11, String.join(",", seen.exemplars()));
  }

  /** Failure counts are appended per batch; readers sum them. */
  private static void writeCounts(Connection c, PartitionBatch batch) throws SQLException {
    MultiRowStatement.execute(
        c,
        COUNT_INSERT,
        "",
        COUNT_COLUMNS,
        batch.failures().entrySet(),
        (ps, i, e) -> {
          SignatureKey k = e.getKey();
          ps.setString(i, batch.topic());
          ps.setInt(i + 1, batch.partition());
          ps.setLong(i + 2, batch.startOffset());
          ps.setString(i + 3, k.signatureId());
          ps.setString(i + 4, k.track());
          ps.setString(i + 5, k.version());
          ps.setObject(i + 6, Sql.minute(k.minuteEpochSecond()));
          ps.setLong(i + 7, e.getValue()[0]);
        });
  }

  static SignatureSeen seen(ResultSet rs) throws SQLException {
    return new SignatureSeen(
        new FailureSignature(
            rs.getString("service"),
            rs.getString("span_kind"),
            rs.getString("operation"),
            rs.getString("error_class"),
            rs.getString("message_template"),
            rs.getInt("normalizer_version")),
        Sql.epochNanos(rs, "first_seen"),
        Sql.epochNanos(rs, "last_seen"),
        exemplars(rs.getString("exemplars")));
  }

  /** The first five distinct exemplars of a stored list (upserts may append past five). */
  static List<String> exemplars(String stored) {
    if (stored == null || stored.isEmpty()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String e : stored.split(",")) {
      if (!e.isEmpty() && out.size() < SignatureSeen.MAX_EXEMPLARS) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }
}
