package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import io.tollgate.rules.model.Outcome;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The job side of the evaluation table: claims, renewals, fenced step writes, cancellation and
 * release. Every claim bumps {@code claim_version}; every later write names the version it claimed
 * and lands only while that version is current, so a replica that lost its claim (expired, taken
 * over, cancelled) writes nothing. Each statement has a query timeout.
 */
@Singleton
final class JobStore {
  /** A claimed job: the row as claimed and the claim version that fences its writes. */
  record Claim(long id, long version, int runs) {}

  /** One step's outcome to record. */
  record StepWrite(
      EvaluationStatus status,
      Outcome outcome,
      @Nullable Double score,
      String reason,
      @Nullable String result,
      Instant now,
      @Nullable Instant decidedAt,
      Instant nextRunAt,
      Instant startedAt) {}

  private final DataSource pool;
  private final int timeoutSeconds;

  JobStore(DataSource dataSource, DataSourceResolver resolver, EvaluationProperties properties) {
    this.pool = resolver.resolve(dataSource);
    this.timeoutSeconds = (int) Math.max(1, properties.queryTimeout().toSeconds());
  }

  /**
   * Due jobs, claimed for {@code node} until {@code until}; rows another replica holds are skipped.
   */
  List<Claim> claim(Instant now, int limit, String node, Instant until) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<Claim> due = new ArrayList<>();
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT id, claim_version, runs FROM evaluation WHERE status = 'PENDING'"
                    + " AND next_run_at <= ? AND (claim_until IS NULL OR claim_until < ?)"
                    + " ORDER BY next_run_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
          s.setQueryTimeout(timeoutSeconds);
          s.setTimestamp(1, Timestamp.from(now));
          s.setTimestamp(2, Timestamp.from(now));
          s.setInt(3, limit);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              due.add(new Claim(r.getLong(1), r.getLong(2) + 1, r.getInt(3)));
            }
          }
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE evaluation SET claimed_by = ?, claim_until = ?,"
                    + " claim_version = claim_version + 1 WHERE id = ?")) {
          s.setQueryTimeout(timeoutSeconds);
          for (Claim claim : due) {
            s.setString(1, node);
            s.setTimestamp(2, Timestamp.from(until));
            s.setLong(3, claim.id());
            s.addBatch();
          }
          if (!due.isEmpty()) {
            s.executeBatch();
          }
        }
        c.commit();
        return due;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Extends a claim still held; false when it was lost (taken over, cancelled, released). */
  boolean renew(Claim claim, Instant until) throws SQLException {
    return update(
            "UPDATE evaluation SET claim_until = ? WHERE id = ? AND claim_version = ?"
                + " AND status = 'PENDING' AND claim_until IS NOT NULL",
            Timestamp.from(until),
            claim.id(),
            claim.version())
        == 1;
  }

  /**
   * Records a step's result and its row in {@code evaluation_step}, both or neither, only while the
   * claim is current. False when the claim was lost: nothing was written.
   */
  boolean record(Claim claim, String node, StepWrite w) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        int updated;
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE evaluation SET status = ?, outcome = ?, score = ?, reason = ?, result = ?,"
                    + " updated_at = ?, decided_at = ?, next_run_at = ?, runs = runs + 1,"
                    + " claimed_by = NULL, claim_until = NULL"
                    + " WHERE id = ? AND claim_version = ? AND status = 'PENDING'")) {
          s.setQueryTimeout(timeoutSeconds);
          s.setString(1, w.status().name());
          s.setString(2, w.outcome().name());
          if (w.score() == null) {
            s.setNull(3, Types.DOUBLE);
          } else {
            s.setDouble(3, w.score());
          }
          s.setString(4, w.reason());
          s.setString(5, w.result());
          s.setTimestamp(6, Timestamp.from(w.now()));
          s.setTimestamp(7, w.decidedAt() == null ? null : Timestamp.from(w.decidedAt()));
          s.setTimestamp(8, Timestamp.from(w.nextRunAt()));
          s.setLong(9, claim.id());
          s.setLong(10, claim.version());
          updated = s.executeUpdate();
        }
        if (updated != 1) {
          c.rollback();
          return false;
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO evaluation_step (evaluation_id, step, outcome, score, node,"
                    + " claim_version, started_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          s.setQueryTimeout(timeoutSeconds);
          s.setLong(1, claim.id());
          s.setInt(2, claim.runs() + 1);
          s.setString(3, w.outcome().name());
          if (w.score() == null) {
            s.setNull(4, Types.DOUBLE);
          } else {
            s.setDouble(4, w.score());
          }
          s.setString(5, node.length() <= 100 ? node : node.substring(0, 100));
          s.setLong(6, claim.version());
          s.setTimestamp(7, Timestamp.from(w.startedAt()));
          s.setTimestamp(8, Timestamp.from(w.now()));
          s.executeUpdate();
        }
        c.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Cancels a running evaluation: final outcome ERROR with the reason; bumps the claim version so a
   * step in flight writes nothing. False when it had already finished.
   */
  boolean cancel(long id, String reason, Instant now) throws SQLException {
    return update(
            "UPDATE evaluation SET status = 'CANCELLED', outcome = 'ERROR', reason = ?,"
                + " updated_at = ?, decided_at = ?, claimed_by = NULL, claim_until = NULL,"
                + " claim_version = claim_version + 1 WHERE id = ? AND status = 'PENDING'",
            reason,
            Timestamp.from(now),
            Timestamp.from(now),
            id)
        == 1;
  }

  /** Gives up this node's claims (at shutdown): other replicas may take the jobs at once. */
  int release(String node) throws SQLException {
    return update(
        "UPDATE evaluation SET claimed_by = NULL, claim_until = NULL,"
            + " claim_version = claim_version + 1 WHERE claimed_by = ? AND status = 'PENDING'",
        node);
  }

  /** True when the API token is revoked or gone: its running evaluations are then cancelled. */
  boolean tokenRevoked(long tokenId) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT revoked_at FROM api_token WHERE id = ?")) {
      s.setQueryTimeout(timeoutSeconds);
      s.setLong(1, tokenId);
      try (ResultSet r = s.executeQuery()) {
        return !r.next() || r.getTimestamp(1) != null;
      }
    }
  }

  Duration queryTimeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  private int update(String sql, Object... params) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setQueryTimeout(timeoutSeconds);
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s.executeUpdate();
    }
  }
}
