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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The job of an evaluation ({@code evaluation_job}) and what a step writes: claims, renewals,
 * fenced step writes (the job, the decision and the {@code evaluation_step} row in one
 * transaction), cancellation and release. Every claim bumps {@code claim_version}; every later
 * write names the version it claimed and lands only while that version is current, so a replica
 * that lost its claim (expired, taken over, cancelled) writes nothing. Each statement has a query
 * timeout.
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
  private final List<DecisionEvents> events;

  JobStore(
      DataSource dataSource,
      DataSourceResolver resolver,
      EvaluationProperties properties,
      List<DecisionEvents> events) {
    this.pool = resolver.resolve(dataSource);
    this.events = List.copyOf(events);
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
                "SELECT evaluation_id, claim_version, runs FROM evaluation_job WHERE status = 'PENDING'"
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
                "UPDATE evaluation_job SET claimed_by = ?, claim_until = ?,"
                    + " claim_version = claim_version + 1 WHERE evaluation_id = ?")) {
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
            "UPDATE evaluation_job SET claim_until = ? WHERE evaluation_id = ? AND claim_version = ?"
                + " AND status = 'PENDING' AND claim_until IS NOT NULL",
            Timestamp.from(until),
            claim.id(),
            claim.version())
        == 1;
  }

  /**
   * Records a step: the job's new state, the decision and the step's row in {@code
   * evaluation_step}, all or none, only while the claim is current. False when the claim was lost:
   * nothing was written.
   */
  boolean record(Claim claim, String node, StepWrite w) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        // the job's row first: its update checks the claim and locks the row until commit, so a
        // cancel or a takeover waits for this transaction or makes it write nothing
        int updated =
            update(
                c,
                "UPDATE evaluation_job SET status = ?, updated_at = ?, next_run_at = ?,"
                    + " runs = runs + 1, claimed_by = NULL, claim_until = NULL"
                    + " WHERE evaluation_id = ? AND claim_version = ? AND status = 'PENDING'",
                w.status().name(),
                Timestamp.from(w.now()),
                Timestamp.from(w.nextRunAt()),
                claim.id(),
                claim.version());
        if (updated == 1) {
          updated =
              update(
                  c,
                  "UPDATE evaluation_decision SET outcome = ?, score = ?, reason = ?, result = ?,"
                      + " decided_at = ?, updated_at = ? WHERE evaluation_id = ? AND EXISTS"
                      + " (SELECT 1 FROM evaluation_job WHERE evaluation_id = ?"
                      + " AND claim_version = ?)",
                  w.outcome().name(),
                  w.score(),
                  w.reason(),
                  w.result(),
                  w.decidedAt() == null ? null : Timestamp.from(w.decidedAt()),
                  Timestamp.from(w.now()),
                  claim.id(),
                  claim.id(),
                  claim.version());
        }
        if (updated != 1) {
          c.rollback();
          return false;
        }
        update(
            c,
            "INSERT INTO evaluation_step (evaluation_id, step, outcome, score, node,"
                + " claim_version, started_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            claim.id(),
            claim.runs() + 1,
            w.outcome().name(),
            w.score(),
            node.length() <= 100 ? node : node.substring(0, 100),
            claim.version(),
            Timestamp.from(w.startedAt()),
            Timestamp.from(w.now()));
        if (w.decidedAt() != null) {
          for (DecisionEvents e : events) {
            e.decided(c, claim.id(), w.outcome(), w.decidedAt());
          }
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
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        Timestamp at = Timestamp.from(now);
        boolean cancelled =
            update(
                    c,
                    "UPDATE evaluation_job SET status = 'CANCELLED', updated_at = ?,"
                        + " claimed_by = NULL, claim_until = NULL,"
                        + " claim_version = claim_version + 1"
                        + " WHERE evaluation_id = ? AND status = 'PENDING'",
                    at,
                    id)
                == 1;
        if (cancelled) {
          update(
              c,
              "UPDATE evaluation_decision SET outcome = 'ERROR', reason = ?, decided_at = ?,"
                  + " updated_at = ? WHERE evaluation_id = ?",
              reason,
              at,
              at,
              id);
          for (DecisionEvents e : events) {
            e.decided(c, id, Outcome.ERROR, now);
          }
        }
        c.commit();
        return cancelled;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Gives up this node's claims (at shutdown): other replicas may take the jobs at once. */
  int release(String node) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return update(
          c,
          "UPDATE evaluation_job SET claimed_by = NULL, claim_until = NULL,"
              + " claim_version = claim_version + 1 WHERE claimed_by = ? AND status = 'PENDING'",
          node);
    }
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
    try (Connection c = pool.getConnection()) {
      return update(c, sql, params);
    }
  }

  private int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setQueryTimeout(timeoutSeconds);
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s.executeUpdate();
    }
  }
}
