package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.FailureSignature;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SignatureKey;
import io.tollgate.telemetry.aggregate.SignatureSeen;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads and merges {@code ingest_signature} and {@code ingest_signature_minute} rows. */
final class SignatureRows {
  private static final int IDS_PER_QUERY = 100;

  private SignatureRows() {}

  static void write(Connection c, PartitionBatch batch) throws SQLException {
    if (batch.signatures().isEmpty()) {
      return;
    }
    writeSeen(c, batch);
    writeCounts(c, batch);
  }

  private static void writeSeen(Connection c, PartitionBatch batch) throws SQLException {
    Map<String, SignatureSeen> stored = stored(c, batch);
    try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE ingest_signature SET first_seen = ?, last_seen = ?, exemplars = ?"
                    + " WHERE topic = ? AND kafka_partition = ? AND signature_id = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO ingest_signature (first_seen, last_seen, exemplars, topic,"
                    + " kafka_partition, signature_id, service, span_kind, operation,"
                    + " error_class, message_template, normalizer_version)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      int updates = 0;
      int inserts = 0;
      for (Map.Entry<String, SignatureSeen> e : batch.signatures().entrySet()) {
        SignatureSeen old = stored.get(e.getKey());
        SignatureSeen merged;
        PreparedStatement ps;
        if (old == null) {
          merged = e.getValue();
          ps = insert;
          inserts++;
        } else {
          old.merge(e.getValue());
          merged = old;
          ps = update;
          updates++;
        }
        ps.setObject(1, Sql.time(merged.firstSeenNanos()));
        ps.setObject(2, Sql.time(merged.lastSeenNanos()));
        ps.setString(3, String.join(",", merged.exemplars()));
        ps.setString(4, batch.topic());
        ps.setInt(5, batch.partition());
        ps.setString(6, e.getKey());
        if (old == null) {
          FailureSignature s = merged.signature();
          ps.setString(7, s.service());
          ps.setString(8, s.spanKind());
          ps.setString(9, s.operation());
          ps.setString(10, s.errorClass());
          ps.setString(11, s.message());
          ps.setInt(12, s.normalizerVersion());
        }
        ps.addBatch();
      }
      if (updates > 0) {
        update.executeBatch();
      }
      if (inserts > 0) {
        insert.executeBatch();
      }
    }
  }

  /** Counts only add up, so an update tells whether the row exists; missing ones are inserted. */
  private static void writeCounts(Connection c, PartitionBatch batch) throws SQLException {
    List<Map.Entry<SignatureKey, long[]>> entries = new ArrayList<>(batch.failures().entrySet());
    int[] updated;
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ingest_signature_minute SET failures = failures + ? WHERE topic = ?"
                + " AND kafka_partition = ? AND signature_id = ? AND track = ?"
                + " AND minute_start = ?")) {
      for (Map.Entry<SignatureKey, long[]> e : entries) {
        bindCount(update, batch, e.getKey(), e.getValue()[0]);
        update.addBatch();
      }
      updated = update.executeBatch();
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ingest_signature_minute (failures, topic, kafka_partition,"
                + " signature_id, track, minute_start) VALUES (?,?,?,?,?,?)")) {
      int inserts = 0;
      for (int i = 0; i < entries.size(); i++) {
        if (updated[i] == 0) {
          bindCount(insert, batch, entries.get(i).getKey(), entries.get(i).getValue()[0]);
          insert.addBatch();
          inserts++;
        }
      }
      if (inserts > 0) {
        insert.executeBatch();
      }
    }
  }

  private static void bindCount(PreparedStatement ps, PartitionBatch b, SignatureKey k, long n)
      throws SQLException {
    ps.setLong(1, n);
    ps.setString(2, b.topic());
    ps.setInt(3, b.partition());
    ps.setString(4, k.signatureId());
    ps.setString(5, k.track());
    ps.setObject(6, Sql.minute(k.minuteEpochSecond()));
  }

  private static Map<String, SignatureSeen> stored(Connection c, PartitionBatch batch)
      throws SQLException {
    List<String> ids = new ArrayList<>(batch.signatures().keySet());
    Map<String, SignatureSeen> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT * FROM ingest_signature WHERE topic = ? AND kafka_partition = ?"
                  + " AND signature_id IN ("
                  + Sql.placeholders(chunk.size())
                  + ")")) {
        ps.setString(1, batch.topic());
        ps.setInt(2, batch.partition());
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(3 + i, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString("signature_id"), seen(rs));
          }
        }
      }
    }
    return out;
  }

  static SignatureSeen seen(ResultSet rs) throws SQLException {
    String exemplars = rs.getString("exemplars");
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
        exemplars.isEmpty() ? List.of() : Arrays.asList(exemplars.split(",")));
  }
}
