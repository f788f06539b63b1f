package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The scenario catalog's read model ({@code scenario_entry}) and how far it has read ingest ({@code
 * scenario_catalog_mark}). Lists are keyset pages over {@code (env_rank, last_seen DESC, id)} with
 * every filter in the WHERE clause; the effective triage state is the stored triage, else the first
 * matching rule's, else {@code to-investigate}.
 */
@Singleton
class CatalogTable {
  static final String BUILT = "built";
  private static final int BATCH = 500;
  private static final String COLUMNS =
      "id, environment, env_rank, signature_id, service, coverage, new_in_canary, rule_triage,"
          + " first_seen, last_seen, body";

  private final DataSource dataSource;
  private final JsonMapper json;

  CatalogTable(DataSource dataSource, DataSourceResolver resolver, JsonMapper json) {
    this.dataSource = resolver.resolve(dataSource);
    this.json = json;
  }

  /** A scenario as stored, with the state its first matching triage rule gives it (or null). */
  record Entry(Scenario scenario, @Nullable TriageState ruleTriage) {}

  Map<String, Long> marks() throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT mark_key, batch_offset FROM scenario_catalog_mark");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  /**
   * Replaces, in one transaction, what {@code r} names (traced entries of signatures and services,
   * test entries of a service, or everything) by {@code entries}, and records the marks.
   */
  void replace(Replacement r, List<Entry> entries, Map<String, Long> marks, Instant now)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        delete(c, r);
        insert(c, entries);
        saveMarks(c, marks, now);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }

  /** What a {@link #replace} removes before inserting. Null fields remove nothing of that kind. */
  record Replacement(
      @Nullable Collection<String> tracedSignatures,
      Collection<String> tracedServices,
      boolean allTraced,
      @Nullable String testService,
      boolean allTests) {
    static Replacement signatures(Collection<String> ids) {
      return signaturesAndServices(ids, List.of());
    }

    /** The traced entries of the given signatures and of every traced scenario of the services. */
    static Replacement signaturesAndServices(Collection<String> ids, Collection<String> services) {
      return new Replacement(ids, services, false, null, false);
    }

    static Replacement service(String service) {
      return new Replacement(null, List.of(service), false, service, false);
    }

    static Replacement everything() {
      return new Replacement(null, List.of(), true, null, true);
    }
  }

  private static void delete(Connection c, Replacement r) throws SQLException {
    String traced = "environment <> '" + Environment.TEST.id() + "'";
    String tests = "environment = '" + Environment.TEST.id() + "'";
    if (r.allTraced() && r.allTests()) {
      execute(c, "DELETE FROM scenario_entry", List.of());
      return;
    }
    if (r.tracedSignatures() != null) {
      List<String> ids = List.copyOf(r.tracedSignatures());
      for (int i = 0; i < ids.size(); i += BATCH) {
        List<String> chunk = ids.subList(i, Math.min(ids.size(), i + BATCH));
        execute(
            c,
            "DELETE FROM scenario_entry WHERE "
                + traced
                + " AND signature_id IN ("
                + String.join(",", java.util.Collections.nCopies(chunk.size(), "?"))
                + ")",
            chunk);
      }
    }
    for (String service : r.tracedServices()) {
      execute(
          c, "DELETE FROM scenario_entry WHERE " + traced + " AND service = ?", List.of(service));
    }
    if (r.testService() != null) {
      execute(
          c,
          "DELETE FROM scenario_entry WHERE " + tests + " AND service = ?",
          List.of(r.testService()));
    }
  }

  private static void execute(Connection c, String sql, List<?> params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      ps.executeUpdate();
    }
  }

  private void insert(Connection c, List<Entry> entries) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO scenario_entry (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
      int n = 0;
      for (Entry e : entries) {
        Scenario s = e.scenario();
        ps.setString(1, s.id());
        ps.setString(2, s.environment().id());
        ps.setInt(3, s.environment().ordinal());
        ps.setString(4, s.signatureId());
        ps.setString(5, s.service());
        ps.setString(6, s.coverage().name());
        ps.setBoolean(7, s.newInCanary());
        ps.setString(8, e.ruleTriage() == null ? null : e.ruleTriage().id());
        ps.setObject(9, time(s.firstSeen()));
        ps.setObject(10, time(s.lastSeen()));
        ps.setString(11, write(s.withTriage(null)));
        ps.addBatch();
        if (++n % BATCH == 0) {
          ps.executeBatch();
        }
      }
      if (n % BATCH != 0) {
        ps.executeBatch();
      }
    }
  }

  private static void saveMarks(Connection c, Map<String, Long> marks, Instant now)
      throws SQLException {
    if (marks.isEmpty()) {
      return;
    }
    try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE scenario_catalog_mark SET batch_offset = ?, updated_at = ?"
                    + " WHERE mark_key = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO scenario_catalog_mark (mark_key, batch_offset, updated_at)"
                    + " VALUES (?, ?, ?)")) {
      for (Map.Entry<String, Long> m : marks.entrySet()) {
        update.setLong(1, m.getValue());
        update.setObject(2, time(now));
        update.setString(3, m.getKey());
        if (update.executeUpdate() == 0) {
          insert.setString(1, m.getKey());
          insert.setLong(2, m.getValue());
          insert.setObject(3, time(now));
          insert.executeUpdate();
        }
      }
    }
  }

  /** Updates the rule-given triage state of stored entries. */
  void setRuleTriage(Map<String, TriageState> states) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE scenario_entry SET rule_triage = ? WHERE id = ?")) {
      int n = 0;
      for (Map.Entry<String, TriageState> e : states.entrySet()) {
        ps.setString(1, e.getValue() == null ? null : e.getValue().id());
        ps.setString(2, e.getKey());
        ps.addBatch();
        if (++n % BATCH == 0) {
          ps.executeBatch();
        }
      }
      if (n % BATCH != 0) {
        ps.executeBatch();
      }
    }
  }

  /** Every stored entry, {@code BATCH} rows at a time in id order, without building a list. */
  void forEach(java.util.function.Consumer<Entry> each) throws SQLException {
    String after = "";
    while (true) {
      List<Entry> rows = new ArrayList<>();
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM scenario_entry WHERE id > ? ORDER BY id FETCH FIRST "
                      + BATCH
                      + " ROWS ONLY")) {
        ps.setString(1, after);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(entry(rs));
          }
        }
      }
      rows.forEach(each);
      if (rows.size() < BATCH) {
        return;
      }
      after = rows.get(rows.size() - 1).scenario().id();
    }
  }

  /**
   * One page: the entries matching {@code filter}, last seen at or after {@code since}, after
   * {@code after} in list order, at most {@code limit}.
   */
  List<Entry> page(
      ScenarioCatalog.Filter filter, Instant since, @Nullable ScenarioCursor after, int limit)
      throws SQLException {
    Where w = where(filter, since);
    if (after != null) {
      int rank = after.environment().ordinal();
      w.and(
          "(e.env_rank > ? OR (e.env_rank = ? AND e.last_seen < ?)"
              + " OR (e.env_rank = ? AND e.last_seen = ? AND e.id > ?))",
          rank,
          rank,
          time(after.lastSeen()),
          rank,
          time(after.lastSeen()),
          after.id());
    }
    String sql =
        "SELECT "
            + prefixed()
            + " FROM scenario_entry e LEFT JOIN scenario_triage t ON t.scenario_id = e.id"
            + w.sql()
            + " ORDER BY e.env_rank, e.last_seen DESC, e.id FETCH FIRST "
            + Math.max(1, limit)
            + " ROWS ONLY";
    List<Entry> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(entry(rs));
        }
      }
    }
    return out;
  }

  /** How many entries match {@code filter}, last seen at or after {@code since}. */
  long count(ScenarioCatalog.Filter filter, Instant since) throws SQLException {
    Where w = where(filter, since);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM scenario_entry e"
                    + " LEFT JOIN scenario_triage t ON t.scenario_id = e.id"
                    + w.sql())) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The services with an entry last seen at or after {@code since}, sorted. */
  List<String> services(Instant since) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT service FROM scenario_entry WHERE last_seen >= ?"
                    + " ORDER BY service")) {
      ps.setObject(1, time(since));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  @Nullable
  Entry get(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM scenario_entry WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? entry(rs) : null;
      }
    }
  }

  private static Where where(ScenarioCatalog.Filter f, Instant since) {
    Where w = new Where();
    w.and("e.last_seen >= ?", time(since));
    if (f.environment() != null) {
      w.and("e.env_rank = ?", f.environment().ordinal());
    }
    if (f.service() != null) {
      w.and("e.service = ?", f.service());
    }
    if (f.coverage() != null) {
      w.and("e.coverage = ?", f.coverage().name());
    }
    if (f.newInCanary()) {
      w.and("e.new_in_canary = ?", true);
    }
    if (f.triage() != null) {
      w.and(
          "COALESCE(t.state, e.rule_triage, ?) = ?",
          TriageState.TO_INVESTIGATE.id(),
          f.triage().id());
    }
    return w;
  }

  /** A conjunction of conditions with their parameters, in order. */
  private static final class Where {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    void and(String condition, Object... values) {
      sql.append(sql.isEmpty() ? " WHERE " : " AND ").append(condition);
      params.addAll(List.of(values));
    }

    String sql() {
      return sql.toString();
    }

    void bind(PreparedStatement ps) throws SQLException {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
    }
  }

  private static String prefixed() {
    return "e." + COLUMNS.replace(", ", ", e.");
  }

  private Entry entry(ResultSet rs) throws SQLException {
    Scenario s;
    try {
      s = json.readValue(rs.getString("body"), Scenario.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable scenario " + rs.getString("id"), e);
    }
    return new Entry(restored(s), TriageState.parse(rs.getString("rule_triage")).orElse(null));
  }

  /** JSON leaves out empty strings and lists; the stored scenario gets them back. */
  private static Scenario restored(Scenario s) {
    return new Scenario(
        s.id(),
        s.environment(),
        s.signatureId(),
        s.service(),
        orEmpty(s.spanKind()),
        orEmpty(s.operation()),
        orEmpty(s.errorClass()),
        orEmpty(s.message()),
        orEmpty(s.example()),
        s.failures(),
        s.firstSeen(),
        s.lastSeen(),
        s.introducedIn(),
        s.newInCanary(),
        s.exemplars() == null ? List.of() : s.exemplars(),
        s.coverage(),
        s.covering() == null ? List.of() : s.covering(),
        s.touching() == null ? List.of() : s.touching(),
        null);
  }

  private static String orEmpty(@Nullable String v) {
    return v == null ? "" : v;
  }

  private String write(Scenario s) {
    try {
      return json.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write scenario " + s.id(), e);
    }
  }

  private static OffsetDateTime time(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
