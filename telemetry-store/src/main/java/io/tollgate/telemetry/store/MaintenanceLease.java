package io.tollgate.telemetry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * A named lease in {@code ingest_maintenance_lease} that one holder has at a time. Taking it over
 * from another holder (after its expiry) increments the token; every write a holder makes first
 * {@link #fence}s on its token in the same transaction, so a holder that stalled past its expiry
 * and lost the lease writes nothing.
 */
final class MaintenanceLease {
  private final String name;
  private final String holder;

  MaintenanceLease(String name, String holder) {
    this.name = name;
    this.holder = holder;
  }

  /** Takes or renews the lease until {@code expiresAt}; the token, or empty when someone has it. */
  OptionalLong acquire(Connection c, Instant now, Instant expiresAt) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ingest_maintenance_lease SET token = CASE WHEN holder = ? THEN token"
                + " ELSE token + 1 END, holder = ?, expires_at = ?"
                + " WHERE name = ? AND (holder = ? OR expires_at <= ?)")) {
      ps.setString(1, holder);
      ps.setString(2, holder);
      ps.setObject(3, Sql.time(expiresAt));
      ps.setString(4, name);
      ps.setString(5, holder);
      ps.setObject(6, Sql.time(now));
      if (ps.executeUpdate() == 0 && !insert(c, expiresAt)) {
        return OptionalLong.empty();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT token FROM ingest_maintenance_lease WHERE name = ? AND holder = ?")) {
      ps.setString(1, name);
      ps.setString(2, holder);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  private boolean insert(Connection c, Instant expiresAt) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ingest_maintenance_lease (name, holder, token, expires_at)"
                + " VALUES (?, ?, 1, ?)")) {
      ps.setString(1, name);
      ps.setString(2, holder);
      ps.setObject(3, Sql.time(expiresAt));
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false; // another holder inserted it first
      }
      throw e;
    }
  }

  /**
   * Inside a write transaction: true when {@code token} still holds the lease, which is then
   * extended to {@code expiresAt} and locked until the transaction ends.
   */
  boolean fence(Connection c, long token, Instant expiresAt) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ingest_maintenance_lease SET expires_at = ?"
                + " WHERE name = ? AND holder = ? AND token = ?")) {
      ps.setObject(1, Sql.time(expiresAt));
      ps.setString(2, name);
      ps.setString(3, holder);
      ps.setLong(4, token);
      return ps.executeUpdate() == 1;
    }
  }

  /** Lets the lease go at once, so another replica need not wait for its expiry. */
  void release(Connection c, long token, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ingest_maintenance_lease SET expires_at = ?"
                + " WHERE name = ? AND holder = ? AND token = ?")) {
      ps.setObject(1, Sql.time(now));
      ps.setString(2, name);
      ps.setString(3, holder);
      ps.setLong(4, token);
      ps.executeUpdate();
    }
  }
}
