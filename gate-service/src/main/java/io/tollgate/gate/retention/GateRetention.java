package io.tollgate.gate.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Deletes this service's old records in bounded batches (each its own transaction): evaluations
 * with their jobs, decisions, steps and overrides; test runs with their cases, failures and
 * metrics; audit log entries. What a pipeline or a person still relies on is kept whatever its age:
 * pinned evaluations and runs, evaluations still pending, and the newest evaluation of each gate
 * and service and the newest run of each service (the baselines of "vs history" rules).
 */
final class GateRetention {
  /**
   * An evaluation that may go: old, not pinned, not pending, not the newest of its gate+service.
   */
  private static final String OLD_EVALUATION =
      "e.created_at < ?"
          + " AND NOT EXISTS (SELECT 1 FROM evaluation_decision d"
          + " WHERE d.evaluation_id = e.id AND d.pinned = TRUE)"
          + " AND NOT EXISTS (SELECT 1 FROM evaluation_job j"
          + " WHERE j.evaluation_id = e.id AND j.status = 'PENDING')"
          + " AND e.id < (SELECT MAX(n.id) FROM evaluation n WHERE n.gate_name = e.gate_name"
          + " AND (n.service = e.service OR (n.service IS NULL AND e.service IS NULL)))";

  /** A test run that may go: old, not pinned, not the newest of its service. */
  private static final String OLD_RUN =
      "r.uploaded_at < ? AND r.pinned = FALSE"
          + " AND r.id < (SELECT MAX(n.id) FROM test_run n WHERE n.service = r.service)";

  private final DataSource dataSource;
  private final int batchSize;

  GateRetention(DataSource dataSource, int batchSize) {
    this.dataSource = dataSource;
    this.batchSize = batchSize;
  }

  /** Deletes what is past its age; returns the rows deleted per table. */
  Map<String, Long> run(Instant now, Duration evaluations, Duration testRuns, Duration audit)
      throws SQLException {
    Map<String, Long> deleted = new LinkedHashMap<>();
    OffsetDateTime evaluationCutoff = cutoff(now, evaluations);
    deleted.put(
        "evaluation",
        drain(
            "DELETE FROM evaluation WHERE id IN (SELECT e.id FROM evaluation e WHERE "
                + OLD_EVALUATION
                + " ORDER BY e.id LIMIT ?)",
            evaluationCutoff));
    OffsetDateTime runCutoff = cutoff(now, testRuns);
    // a run can hold tens of thousands of cases: its children go in batches of their own before
    // the run row, so no single delete cascades over an unbounded number of rows
    for (String child : new String[] {"test_case_result", "test_run_failure"}) {
      deleted.put(
          child,
          drain(
              "DELETE FROM "
                  + child
                  + " WHERE id IN (SELECT t.id FROM "
                  + child
                  + " t JOIN test_run r ON r.id = t.run_id WHERE "
                  + OLD_RUN
                  + " ORDER BY t.id LIMIT ?)",
              runCutoff));
    }
    deleted.put(
        "test_run",
        drain(
            "DELETE FROM test_run WHERE id IN (SELECT r.id FROM test_run r WHERE "
                + OLD_RUN
                + " ORDER BY r.id LIMIT ?)",
            runCutoff));
    deleted.put(
        "audit_log",
        drain(
            "DELETE FROM audit_log WHERE id IN (SELECT a.id FROM audit_log a WHERE a.at < ?"
                + " ORDER BY a.id LIMIT ?)",
            cutoff(now, audit)));
    return deleted;
  }

  private long drain(String sql, OffsetDateTime cutoff) throws SQLException {
    long total = 0;
    while (true) {
      int n;
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(sql)) {
        c.setAutoCommit(true);
        ps.setObject(1, cutoff);
        ps.setInt(2, batchSize);
        n = ps.executeUpdate();
      }
      total += n;
      if (n < batchSize) {
        return total;
      }
    }
  }

  private static OffsetDateTime cutoff(Instant now, Duration age) {
    return now.minus(age).atOffset(ZoneOffset.UTC);
  }
}
