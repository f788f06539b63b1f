package io.tollgate.gate.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * The retention lease: a row in {@code retention_lock} that one replica holds until {@code
 * lease_until}. Taking it is a single conditional update, so of replicas that try at once exactly
 * one succeeds; a holder that died loses it when the lease runs out.
 */
final class RetentionLease {
  static final String NAME = "retention";

  private final DataSource dataSource;

  RetentionLease(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Takes (or extends) the lease for {@code holder}; false while another holder has it. */
  boolean tryAcquire(String holder, Instant now, Duration lease) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE retention_lock SET holder = ?, lease_until = ? WHERE name = ?"
                    + " AND (lease_until < ? OR holder = ?)")) {
      ps.setString(1, holder);
      ps.setObject(2, now.plus(lease).atOffset(ZoneOffset.UTC));
      ps.setString(3, NAME);
      ps.setObject(4, now.atOffset(ZoneOffset.UTC));
      ps.setString(5, holder);
      return ps.executeUpdate() == 1;
    }
  }

  /** Gives the lease up, if {@code holder} still has it. */
  void release(String holder, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE retention_lock SET holder = NULL, lease_until = ? WHERE name = ?"
                    + " AND holder = ?")) {
      ps.setObject(1, now.atOffset(ZoneOffset.UTC));
      ps.setString(2, NAME);
      ps.setString(3, holder);
      ps.executeUpdate();
    }
  }
}
