package io.tollgate.telemetry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an append-only minute table gained after a reader's watermarks: the distinct values of one
 * column in the rows of later batches, per {@code topic/partition} ({@link SignatureChanges#key}),
 * and the last batch offset stored. Each read is an index range scan on the table's leading {@code
 * (topic, kafka_partition, batch_offset)} columns.
 */
final class BatchChanges {
  /** The changed values, the watermarks for the next call, and whether the limit cut the set. */
  record Result(Set<String> values, Map<String, Long> watermarks, boolean complete) {}

  private BatchChanges() {}

  /** The distinct {@code column} values of rows after {@code after}, at most {@code limit}. */
  static Result after(Connection c, String table, String column, Map<String, Long> after, int limit)
      throws SQLException {
    Set<String> values = new LinkedHashSet<>();
    Map<String, Long> marks = new HashMap<>(after);
    boolean complete = true;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + column
                + ", MAX(batch_offset) FROM "
                + table
                + " WHERE topic = ? AND kafka_partition = ? AND batch_offset > ?"
                + " GROUP BY "
                + column)) {
      for (String[] tp : partitions(c)) {
        String key = SignatureChanges.key(tp[0], Integer.parseInt(tp[1]), Long.parseLong(tp[2]));
        long mark = after.getOrDefault(key, Long.MIN_VALUE);
        ps.setString(1, tp[0]);
        ps.setInt(2, Integer.parseInt(tp[1]));
        ps.setLong(3, mark);
        long max = mark;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (values.size() >= limit && !values.contains(rs.getString(1))) {
              complete = false;
            } else {
              values.add(rs.getString(1));
            }
            max = Math.max(max, rs.getLong(2));
          }
        }
        if (max != Long.MIN_VALUE) {
          marks.put(key, max);
        }
      }
    }
    return new Result(Set.copyOf(values), Map.copyOf(marks), complete);
  }

  /** The last batch offset of {@code table} per partition: where a reader of everything goes on. */
  static Map<String, Long> watermarks(Connection c, String table) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (PreparedStatement max =
        c.prepareStatement(
            "SELECT MAX(batch_offset) FROM "
                + table
                + " WHERE topic = ? AND kafka_partition = ?")) {
      for (String[] tp : partitions(c)) {
        max.setString(1, tp[0]);
        max.setInt(2, Integer.parseInt(tp[1]));
        try (ResultSet m = max.executeQuery()) {
          if (m.next() && m.getObject(1) != null) {
            out.put(
                SignatureChanges.key(tp[0], Integer.parseInt(tp[1]), Long.parseLong(tp[2])),
                m.getLong(1));
          }
        }
      }
    }
    return out;
  }

  /** The partitions ingest has committed offsets for, with their topic's log epoch. */
  private static List<String[]> partitions(Connection c) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT o.topic, o.kafka_partition, COALESCE(e.epoch, 0) FROM ingest_offset o"
                    + " LEFT JOIN ingest_log_epoch e ON e.topic = o.topic");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new String[] {
              rs.getString(1), String.valueOf(rs.getInt(2)), String.valueOf(rs.getLong(3))
            });
      }
    }
    return out;
  }
}
