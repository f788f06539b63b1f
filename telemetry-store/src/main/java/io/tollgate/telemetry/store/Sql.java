package io.tollgate.telemetry.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;

/** Small JDBC helpers shared by the row mappers. */
final class Sql {
  private Sql() {}

  static OffsetDateTime minute(long epochSecond) {
    return OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  static OffsetDateTime time(long epochNanos) {
    return OffsetDateTime.ofInstant(
        Instant.ofEpochSecond(
            Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)),
        ZoneOffset.UTC);
  }

  static OffsetDateTime time(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static long epochSecond(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toEpochSecond();
  }

  static long epochNanos(ResultSet rs, String column) throws SQLException {
    Instant t = rs.getObject(column, OffsetDateTime.class).toInstant();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static String placeholders(int n) {
    return String.join(",", Collections.nCopies(n, "?"));
  }

  static void setDoubleOrNull(PreparedStatement ps, int i, double v) throws SQLException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }

  static double doubleOrNaN(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : v;
  }

  static void setMinutes(PreparedStatement ps, int from, Collection<Long> minutes)
      throws SQLException {
    int i = from;
    for (long m : minutes) {
      ps.setObject(i++, minute(m));
    }
  }
}
