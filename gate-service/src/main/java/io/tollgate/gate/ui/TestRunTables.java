package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/** Reads stored test runs, their notable cases and grouped failures for the pages, as rows. */
@Singleton
class TestRunTables {
  /** Cases and failure groups a run's page shows at most; the API returns them all. */
  static final int MAX_CASES = 2000;

  static final int MAX_FAILURES = 500;

  private final DataSource dataSource;

  TestRunTables(DataSource dataSource, DataSourceResolver resolver) {
    this.dataSource = resolver.resolve(dataSource);
  }

  /** Runs newest first (of {@code service} when given), with ids below {@code beforeId}. */
  List<Map<String, Object>> runs(@Nullable String service, @Nullable Long beforeId, int limit) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (service != null) {
      where.append(" AND service = ?");
      args.add(service);
    }
    if (beforeId != null) {
      where.append(" AND id < ?");
      args.add(beforeId);
    }
    return query(
        "SELECT id, service, version, suite, environment, uploaded_at, formats, total, passed,"
            + " failed, errored, skipped, flaky FROM test_run"
            + where
            + " ORDER BY id DESC",
        limit,
        args.toArray());
  }

  @Nullable
  Map<String, Object> run(long id) {
    List<Map<String, Object>> r =
        query(
            "SELECT id, service, version, suite, environment, pipeline, commit_sha, build_url,"
                + " uploaded_by, uploaded_at, formats, duration_seconds, total, passed, failed,"
                + " errored, skipped, flaky FROM test_run WHERE id = ?",
            1,
            id);
    return r.isEmpty() ? null : r.get(0);
  }

  /** Failed, errored and flaky cases first, then the rest. */
  List<Map<String, Object>> cases(long runId, boolean all) {
    return query(
        "SELECT suite, class_name, name, status, time_seconds, failure_type, failure_message,"
            + " reruns FROM test_case_result WHERE run_id = ?"
            + (all ? "" : " AND status IN ('FAILED', 'ERROR', 'FLAKY')")
            + " ORDER BY CASE status WHEN 'FAILED' THEN 0 WHEN 'ERROR' THEN 1 WHEN 'FLAKY' THEN 2"
            + " ELSE 3 END, id",
        MAX_CASES,
        runId);
  }

  List<Map<String, Object>> failures(long runId) {
    return query(
        "SELECT source, name, error_class, message, occurrences FROM test_run_failure"
            + " WHERE run_id = ? ORDER BY occurrences DESC, id",
        MAX_FAILURES,
        runId);
  }

  private List<Map<String, Object>> query(String sql, int limit, Object... args) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.setMaxRows(limit);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            Object v =
                name.endsWith("_at")
                    ? rs.getObject(i, OffsetDateTime.class).toInstant()
                    : rs.getObject(i);
            row.put(name, v);
          }
          out.add(row);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read test runs", e);
    }
    return out;
  }
}
