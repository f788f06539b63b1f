package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.PartitionBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes batches of aggregates together with the Kafka offsets they were read up to, in one
 * transaction: after a crash, the stored offsets say exactly what the stored aggregates contain.
 *
 * <p>Each batch moves its partition's offset with a compare-and-set from {@link
 * PartitionBatch#expectedOffset}; a consumer that lost its partition in a rebalance but still tries
 * to commit finds the offset moved and its transaction is rolled back ({@link
 * PartitionFencedException}), so nothing is counted twice.
 *
 * <p>Nothing stored is read back: a batch appends rows of its own to the minute tables, keyed by
 * its start offset, and readers merge all rows of a key (see {@code docs/architecture.md}). The
 * offset fencing is what keeps a batch from being counted twice; the primary keys would refuse a
 * second copy of a batch's rows anyway.
 */
public final class AggregateStore {
  private final DataSource dataSource;
  private final Clock clock;
  private volatile Dialect dialect;
  private final FactRows facts;

  public AggregateStore(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  public AggregateStore(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.facts = new FactRows(clock);
  }

  /** The stored next offset of every partition of {@code topic}. */
  public Map<Integer, Long> storedOffsets(String topic) throws SQLException {
    Map<Integer, Long> out = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT kafka_partition, next_offset FROM ingest_offset WHERE topic = ?")) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  /**
   * Forgets the stored offsets of {@code topic}, for a topic created anew whose offsets start at 0
   * again (the broker of single-node mode keeps no log across restarts). The aggregates stay; their
   * per-batch rows are renamed to batch offsets below {@code -1} ({@code -2 - offset}), so the new
   * log's batches, numbered from 0 again, cannot collide with them on the primary key. Readers
   * merge every row of a key whatever its batch offset. The topic's log epoch goes up by one
   * ({@link SignatureChanges#key}), so readers that follow batch offsets start the new log from its
   * beginning. One transaction.
   */
  public void forgetOffsets(String topic) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        for (String table :
            List.of(
                "ingest_span_minute",
                "ingest_metric_minute",
                "ingest_signature_minute",
                FlagRows.TABLE,
                FlagRows.FAILURES,
                TestTrafficRows.SPAN_TABLE,
                TestTrafficRows.SIGNATURE_TABLE)) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET batch_offset = -2 - batch_offset"
                      + " WHERE topic = ? AND batch_offset >= 0")) {
            ps.setString(1, topic);
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM ingest_offset WHERE topic = ?")) {
          ps.setString(1, topic);
          ps.executeUpdate();
        }
        try (PreparedStatement up =
            c.prepareStatement("UPDATE ingest_log_epoch SET epoch = epoch + 1 WHERE topic = ?")) {
          up.setString(1, topic);
          if (up.executeUpdate() == 0) {
            try (PreparedStatement in =
                c.prepareStatement("INSERT INTO ingest_log_epoch (topic, epoch) VALUES (?, 1)")) {
              in.setString(1, topic);
              in.executeUpdate();
            }
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }

  /** Commits all batches and their offsets in one transaction, or none of them. */
  public void commit(List<PartitionBatch> batches) throws SQLException, PartitionFencedException {
    if (batches.isEmpty()) {
      return;
    }
    for (PartitionBatch b : batches) {
      if (b.expectedOffset() >= 0 && b.startOffset() < b.expectedOffset()) {
        // Its rows would be named like those of a batch already stored.
        throw new IllegalArgumentException(
            "batch of "
                + b.topic()
                + "-"
                + b.partition()
                + " starts at "
                + b.startOffset()
                + ", before the stored offset "
                + b.expectedOffset());
      }
    }
    try (Connection c = dataSource.getConnection()) {
      Dialect d = dialect(c);
      c.setAutoCommit(false);
      try {
        for (PartitionBatch b : batches) {
          // The offset row is locked first, so writers of one partition are serialized.
          moveOffset(c, b);
          SpanRows.write(c, b);
          SignatureRows.write(c, b, d);
          MetricRows.write(c, b);
          FlagRows.write(c, b);
          TestTrafficRows.write(c, b);
        }
        Runnable factsStored = facts.write(c, batches, d);
        c.commit();
        factsStored.run();
      } catch (SQLException | PartitionFencedException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private Dialect dialect(Connection c) throws SQLException {
    Dialect d = dialect;
    if (d == null) {
      d = Dialect.of(c);
      dialect = d;
    }
    return d;
  }

  private void moveOffset(Connection c, PartitionBatch b)
      throws SQLException, PartitionFencedException {
    if (b.expectedOffset() < 0) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO ingest_offset (topic, kafka_partition, next_offset, updated_at)"
                  + " VALUES (?,?,?,?)")) {
        ps.setString(1, b.topic());
        ps.setInt(2, b.partition());
        ps.setLong(3, b.nextOffset());
        ps.setObject(4, Sql.time(clock.instant()));
        ps.executeUpdate();
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
          throw new PartitionFencedException(b.topic(), b.partition(), b.expectedOffset());
        }
        throw e;
      }
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ingest_offset SET next_offset = ?, updated_at = ?"
                + " WHERE topic = ? AND kafka_partition = ? AND next_offset = ?")) {
      ps.setLong(1, b.nextOffset());
      ps.setObject(2, Sql.time(clock.instant()));
      ps.setString(3, b.topic());
      ps.setInt(4, b.partition());
      ps.setLong(5, b.expectedOffset());
      if (ps.executeUpdate() != 1) {
        throw new PartitionFencedException(b.topic(), b.partition(), b.expectedOffset());
      }
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
