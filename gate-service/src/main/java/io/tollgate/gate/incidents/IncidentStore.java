package io.tollgate.gate.incidents;

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
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Keeps the {@code incident} table; plain JDBC on the pool. */
@Singleton
class IncidentStore {
  private static final String COLUMNS =
      "id, service, title, severity, environment, started_at, resolved_at, source, source_id,"
          + " created_by, created_at";

  private final DataSource dataSource;

  IncidentStore(DataSource dataSource, DataSourceResolver resolver) {
    this.dataSource = resolver.resolve(dataSource);
  }

  /** Inserts the incident (its id is ignored) and returns it with the new id. */
  Incident insert(Incident i) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO incident (service, title, severity, environment, started_at,"
                    + " resolved_at, source, source_id, created_by, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, i.service());
      ps.setString(2, i.title());
      ps.setString(3, i.severity().id());
      ps.setString(4, i.environment());
      ps.setObject(5, time(i.startedAt()));
      if (i.resolvedAt() == null) {
        ps.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setObject(6, time(i.resolvedAt()));
      }
      ps.setString(7, i.source());
      ps.setString(8, i.sourceId());
      ps.setString(9, i.createdBy());
      ps.setObject(10, time(i.createdAt()));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return find(c, keys.getLong(1)).orElseThrow();
      }
    }
  }

  Optional<Incident> find(long id) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return find(c, id);
    }
  }

  Optional<Incident> bySource(String source, String sourceId) throws SQLException {
    return one(
        "SELECT " + COLUMNS + " FROM incident WHERE source = ? AND source_id = ?",
        source,
        sourceId);
  }

  /** The incident of the service that started last (ties: the newest row). */
  Optional<Incident> last(String service) throws SQLException {
    return one(
        "SELECT "
            + COLUMNS
            + " FROM incident WHERE service = ? ORDER BY started_at DESC, id DESC"
            + " FETCH FIRST 1 ROWS ONLY",
        service);
  }

  /** Sets the resolution time; false when the incident does not exist. */
  boolean resolve(long id, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE incident SET resolved_at = ? WHERE id = ?")) {
      ps.setObject(1, time(at));
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    }
  }

  /** Up to {@code limit} incidents, newest id first, with ids below {@code beforeId}. */
  List<Incident> page(@Nullable String service, @Nullable Long beforeId, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM incident WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (service != null) {
      sql.append(" AND service = ?");
      args.add(service);
    }
    if (beforeId != null) {
      sql.append(" AND id < ?");
      args.add(beforeId);
    }
    sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      return read(ps);
    }
  }

  private Optional<Incident> find(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM incident WHERE id = ?")) {
      ps.setLong(1, id);
      return read(ps).stream().findFirst();
    }
  }

  private Optional<Incident> one(String sql, String... args) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      return read(ps).stream().findFirst();
    }
  }

  private static List<Incident> read(PreparedStatement ps) throws SQLException {
    List<Incident> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        OffsetDateTime resolved = rs.getObject(7, OffsetDateTime.class);
        out.add(
            new Incident(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                Severity.parse(rs.getString(4)).orElse(Severity.UNKNOWN),
                rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(),
                resolved == null ? null : resolved.toInstant(),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getObject(11, OffsetDateTime.class).toInstant()));
      }
    }
    return out;
  }

  private static OffsetDateTime time(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
