package io.tollgate.gate.evaluation;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain JDBC for the evaluation tables, shared by their stores: every statement has the configured
 * query timeout, and a failure surfaces as Micronaut Data's {@link DataAccessException} (which the
 * API maps to 503 when the database is unreachable).
 */
@Singleton
final class Jdbc {
  /** Reads one row of a result. */
  interface Mapper<T> {
    T map(ResultSet r) throws SQLException;
  }

  /** Work done on one connection in one transaction. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource pool;
  private final int timeoutSeconds;

  Jdbc(DataSource dataSource, DataSourceResolver resolver, EvaluationProperties properties) {
    this.pool = resolver.resolve(dataSource);
    this.timeoutSeconds = (int) Math.max(1, properties.queryTimeout().toSeconds());
  }

  <T> List<T> query(String sql, Mapper<T> mapper, Object... params) {
    try (Connection c = pool.getConnection()) {
      return query(c, sql, mapper, params);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  <T> List<T> query(Connection c, String sql, Mapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params);
        ResultSet r = s.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (r.next()) {
        out.add(mapper.map(r));
      }
      return out;
    }
  }

  long count(String sql, Object... params) {
    return query(sql, r -> r.getLong(1), params).get(0);
  }

  int update(String sql, Object... params) {
    try (Connection c = pool.getConnection()) {
      return update(c, sql, params);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params)) {
      return s.executeUpdate();
    }
  }

  /** Inserts one row and answers its generated {@code id}. */
  long insert(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql, new String[] {"id"})) {
      bind(s, params);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no key generated for: " + sql);
        }
        return keys.getLong(1);
      }
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  <T> T transaction(Work<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  static DataAccessException failed(String sql, SQLException e) {
    return new DataAccessException("evaluation statement failed: " + sql, e);
  }

  /** True for a unique-index violation (SQLSTATE 23505 on PostgreSQL and H2). */
  static boolean duplicate(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  static Instant instant(ResultSet r, int column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Double nullableDouble(ResultSet r, int column) throws SQLException {
    double d = r.getDouble(column);
    return r.wasNull() ? null : d;
  }

  static Long nullableLong(ResultSet r, int column) throws SQLException {
    long l = r.getLong(column);
    return r.wasNull() ? null : l;
  }

  private PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      bind(s, params);
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void bind(PreparedStatement s, Object... params) throws SQLException {
    s.setQueryTimeout(timeoutSeconds);
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Instant t) {
        s.setTimestamp(i + 1, Timestamp.from(t));
      } else if (p instanceof Enum<?> e) {
        s.setString(i + 1, e.name());
      } else {
        s.setObject(i + 1, p);
      }
    }
  }
}
