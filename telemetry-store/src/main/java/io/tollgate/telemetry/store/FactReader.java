package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.FactKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Reads the environment facts ingest stored: what a service's telemetry said about its running
 * system in one environment within a window (a fact counts when its sightings overlap the window).
 *
 * <pre>{@code
 * FactReader facts = new FactReader(dataSource, 10);
 * List<EnvironmentFact> staging = facts.facts("checkout", "staging", from, to);
 * }</pre>
 */
public final class FactReader {
  /** More distinct services than a dependency list can hold are not asked for at once. */
  static final int MAX_SERVICES = 1_000;

  private final Snapshots snapshots;

  public FactReader(DataSource dataSource, int queryTimeoutSeconds) {
    this.snapshots = new Snapshots(dataSource, queryTimeoutSeconds);
  }

  /** The facts of {@code service} in {@code environment} seen within [from, to), sorted. */
  public List<EnvironmentFact> facts(String service, String environment, Instant from, Instant to)
      throws SQLException {
    String sql =
        "SELECT fact, fact_value, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen"
            + " FROM ingest_env_fact WHERE service = ? AND environment = ?"
            + " AND last_seen >= ? AND first_seen < ?"
            + " GROUP BY fact, fact_value ORDER BY fact, fact_value";
    return snapshots.run(
        c -> {
          List<EnvironmentFact> out = new ArrayList<>();
          try (PreparedStatement ps = snapshots.prepare(c, sql)) {
            ps.setString(1, service);
            ps.setString(2, environment);
            ps.setObject(3, Sql.time(from));
            ps.setObject(4, Sql.time(to));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new EnvironmentFact(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant()));
              }
            }
          }
          return out;
        });
  }

  /**
   * The service versions each of {@code services} reported in {@code environment} within [from,
   * to); services that reported none are absent.
   */
  public Map<String, List<String>> versions(
      Collection<String> services, String environment, Instant from, Instant to)
      throws SQLException {
    List<String> asked = new ArrayList<>(new TreeSet<>(services));
    Map<String, List<String>> out = new TreeMap<>();
    if (asked.isEmpty()) {
      return out;
    }
    if (asked.size() > MAX_SERVICES) {
      asked = asked.subList(0, MAX_SERVICES);
    }
    String sql =
        "SELECT DISTINCT service, fact_value FROM ingest_env_fact WHERE fact = ?"
            + " AND environment = ? AND last_seen >= ? AND first_seen < ? AND service IN ("
            + Sql.placeholders(asked.size())
            + ") ORDER BY service, fact_value";
    List<String> names = asked;
    return snapshots.run(
        c -> {
          try (PreparedStatement ps = snapshots.prepare(c, sql)) {
            ps.setString(1, FactKey.SERVICE_VERSION);
            ps.setString(2, environment);
            ps.setObject(3, Sql.time(from));
            ps.setObject(4, Sql.time(to));
            int i = 5;
            for (String s : names) {
              ps.setString(i++, s);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
              }
            }
          }
          return out;
        });
  }

  /** The environments {@code service} has facts in within [from, to), sorted. */
  public List<String> environments(String service, Instant from, Instant to) throws SQLException {
    String sql =
        "SELECT DISTINCT environment FROM ingest_env_fact WHERE service = ?"
            + " AND last_seen >= ? AND first_seen < ? ORDER BY environment";
    return snapshots.run(
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement ps = snapshots.prepare(c, sql)) {
            ps.setString(1, service);
            ps.setObject(2, Sql.time(from));
            ps.setObject(3, Sql.time(to));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
          }
          return out;
        });
  }
}
