package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads the stored test runs, and keeps triage and rules. Plain JDBC on the pool. Failure
 * signatures are read through telemetry-store's {@code SignatureReader}: this service writes no SQL
 * against telemetry tables.
 */
@Singleton
class ScenarioStore {
  private final DataSource dataSource;

  ScenarioStore(DataSource dataSource, DataSourceResolver resolver) {
    this.dataSource = resolver.resolve(dataSource);
  }

  /** A grouped test failure with its run. */
  record FailureRecord(
      long runId,
      String service,
      @Nullable String version,
      Instant at,
      String source,
      String name,
      String errorClass,
      String message,
      long occurrences) {}

  /** A test case with its run. */
  record CaseRecord(
      long runId,
      @Nullable String version,
      Instant at,
      String suite,
      String className,
      String name) {}

  List<FailureRecord> testFailures(Instant since, @Nullable String service) throws SQLException {
    List<FailureRecord> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT r.id, r.service, r.version, r.uploaded_at, f.source, f.name,"
                    + " f.error_class, f.message, f.occurrences FROM test_run_failure f"
                    + " JOIN test_run r ON r.id = f.run_id WHERE r.uploaded_at >= ?"
                    + " AND r.excluded = FALSE"
                    + (service == null ? "" : " AND r.service = ?")
                    + " ORDER BY r.uploaded_at, f.id")) {
      ps.setObject(1, time(since));
      if (service != null) {
        ps.setString(2, service);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new FailureRecord(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  instant(rs, 4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getLong(9)));
        }
      }
    }
    return out;
  }

  /**
   * Each test case of {@code service} run since {@code since}, once, with its latest run: many
   * uploads of the same suite give one row per test, not one per upload.
   */
  List<CaseRecord> testCases(String service, Instant since) throws SQLException {
    List<CaseRecord> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT r.id, r.version, r.uploaded_at, x.suite, x.class_name, x.name"
                    + " FROM (SELECT t.suite, t.class_name, t.name, MAX(t.run_id) AS run_id"
                    + " FROM test_case_result t JOIN test_run r ON r.id = t.run_id"
                    + " WHERE r.service = ? AND r.uploaded_at >= ? AND r.excluded = FALSE"
                    + " GROUP BY t.suite, t.class_name, t.name) x"
                    + " JOIN test_run r ON r.id = x.run_id"
                    + " ORDER BY r.uploaded_at DESC, x.suite, x.class_name, x.name")) {
      ps.setString(1, service);
      ps.setObject(2, time(since));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new CaseRecord(
                  rs.getLong(1),
                  rs.getString(2),
                  instant(rs, 3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6)));
        }
      }
    }
    return out;
  }

  /** The stored triages of the given scenarios. */
  Map<String, Triage> triages(List<String> scenarioIds) throws SQLException {
    Map<String, Triage> out = new LinkedHashMap<>();
    if (scenarioIds.isEmpty()) {
      return out;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT scenario_id, state, owner, ticket_url, comment, updated_by, updated_at"
                    + " FROM scenario_triage WHERE scenario_id IN ("
                    + String.join(",", Collections.nCopies(scenarioIds.size(), "?"))
                    + ")")) {
      for (int i = 0; i < scenarioIds.size(); i++) {
        ps.setString(i + 1, scenarioIds.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          TriageState state = TriageState.parse(rs.getString(2)).orElse(TriageState.TO_INVESTIGATE);
          out.put(
              rs.getString(1),
              new Triage(
                  state,
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  instant(rs, 7),
                  null));
        }
      }
    }
    return out;
  }

  /**
   * Stores a scenario's triage, replacing the one before in a single statement, so concurrent
   * triages of one scenario cannot collide: the last write wins.
   */
  void saveTriage(String scenarioId, Triage t) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
      String upsert =
          postgres
              ? "INSERT INTO scenario_triage (scenario_id, state, owner, ticket_url, comment,"
                  + " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (scenario_id) DO UPDATE SET state = EXCLUDED.state,"
                  + " owner = EXCLUDED.owner, ticket_url = EXCLUDED.ticket_url,"
                  + " comment = EXCLUDED.comment, updated_by = EXCLUDED.updated_by,"
                  + " updated_at = EXCLUDED.updated_at"
              // H2 (the embedded default) has no ON CONFLICT ... DO UPDATE; its MERGE ... KEY is
              // the same upsert
              : "MERGE INTO scenario_triage (scenario_id, state, owner, ticket_url, comment,"
                  + " updated_by, updated_at) KEY (scenario_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        ps.setString(1, scenarioId);
        ps.setString(2, t.state().id());
        ps.setString(3, t.owner());
        ps.setString(4, t.ticketUrl());
        ps.setString(5, t.comment());
        ps.setString(6, t.updatedBy());
        ps.setObject(7, time(t.updatedAt()));
        ps.executeUpdate();
      }
    }
  }

  List<TriageRule> triageRules() throws SQLException {
    List<TriageRule> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, pattern, environment, state, owner, ticket_url, comment, created_by,"
                    + " created_at FROM scenario_triage_rule ORDER BY id")) {
      while (rs.next()) {
        out.add(
            new TriageRule(
                rs.getLong(1),
                RulePatterns.stored(rs.getLong(1), rs.getString(2)),
                Environment.parse(rs.getString(3)).orElse(null),
                TriageState.parse(rs.getString(4)).orElse(TriageState.TO_INVESTIGATE),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                instant(rs, 9)));
      }
    }
    return out;
  }

  long addTriageRule(TriageRule r) throws SQLException {
    return insert(
        "INSERT INTO scenario_triage_rule (pattern, environment, state, owner, ticket_url, comment,"
            + " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        r.pattern().pattern(),
        r.environment() == null ? null : r.environment().id(),
        r.state().id(),
        r.owner(),
        r.ticketUrl(),
        r.comment(),
        r.createdBy(),
        time(r.createdAt()));
  }

  List<MappingRule> mappingRules() throws SQLException {
    List<MappingRule> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, kind, pattern, service, operation, created_by, created_at"
                    + " FROM scenario_mapping_rule ORDER BY id")) {
      while (rs.next()) {
        String kind = rs.getString(2);
        out.add(
            new MappingRule(
                rs.getLong(1),
                "any".equals(kind) ? null : TestKey.Kind.valueOf(kind.toUpperCase()),
                RulePatterns.stored(rs.getLong(1), rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                instant(rs, 7)));
      }
    }
    return out;
  }

  long addMappingRule(MappingRule r) throws SQLException {
    return insert(
        "INSERT INTO scenario_mapping_rule (kind, pattern, service, operation, created_by,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?)",
        r.kind() == null ? "any" : r.kind().id(),
        r.pattern().pattern(),
        r.service(),
        r.operation(),
        r.createdBy(),
        time(r.createdAt()));
  }

  boolean deleteRule(String table, long id) throws SQLException {
    if (!table.equals("scenario_mapping_rule") && !table.equals("scenario_triage_rule")) {
      throw new IllegalArgumentException(table);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      ps.setLong(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  private long insert(String sql, Object... values) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          ps.setNull(i + 1, Types.VARCHAR);
        } else {
          ps.setObject(i + 1, values[i]);
        }
      }
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static OffsetDateTime time(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
