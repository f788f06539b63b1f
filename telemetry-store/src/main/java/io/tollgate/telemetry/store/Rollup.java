package io.tollgate.telemetry.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * One kind of rollup (span or metric aggregates): how to fingerprint a level's rows per bucket of
 * the next level, and how to rebuild one bucket from the level below.
 */
abstract class Rollup {
  /** What a bucket was built from: its source rows and a checksum of them. */
  record Fingerprint(long rows, BigDecimal check) {
    static final Fingerprint EMPTY = new Fingerprint(0, BigDecimal.ZERO);

    Fingerprint plus(long r, BigDecimal c) {
      return new Fingerprint(rows + r, check.add(c));
    }

    /**
     * True when a rollup built from {@code built} misses data this source has: more rows, or as
     * many with other contents. Fewer rows means the source was thinned by retention and the
     * rollup, built from more, is kept. Minute compaction also thins the source, but moves the
     * recorded fingerprint by the same rows and checksum in its transaction ({@link
     * MinuteCompaction}), so it neither triggers a rebuild nor hides late rows.
     */
    boolean newerThan(Fingerprint built) {
      return rows > built.rows || (rows == built.rows && check.compareTo(built.check) != 0);
    }
  }

  abstract boolean spans();

  abstract String table(Resolution r);

  /** The SQL checksum over one row, e.g. {@code requests + errors}. */
  abstract String checkExpression();

  /**
   * Rebuilds bucket {@code [start, start + target)} of {@code target} from the rows of {@code
   * source}; returns the fingerprint of the rows read.
   */
  abstract Fingerprint rebuild(Connection c, Resolution source, Resolution target, Instant start)
      throws SQLException;

  /**
   * The fingerprint of {@code source}'s rows in {@code [from, to)}, per bucket of {@code target}.
   */
  Map<Instant, Fingerprint> fingerprints(
      Connection c, Resolution source, Resolution target, Instant from, Instant to)
      throws SQLException {
    Map<Instant, Fingerprint> out = new TreeMap<>();
    String time = source.timeColumn;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + time
                + ", COUNT(*), SUM("
                + checkExpression()
                + ") FROM "
                + table(source)
                + " WHERE "
                + time
                + " >= ? AND "
                + time
                + " < ? GROUP BY "
                + time)) {
      ps.setObject(1, Sql.time(from));
      ps.setObject(2, Sql.time(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant t = rs.getObject(1, OffsetDateTime.class).toInstant();
          Instant bucket = floor(t, target);
          BigDecimal check = rs.getBigDecimal(3);
          out.merge(
              bucket,
              Fingerprint.EMPTY.plus(rs.getLong(2), check == null ? BigDecimal.ZERO : check),
              (a, b) -> a.plus(b.rows(), b.check()));
        }
      }
    }
    return out;
  }

  static Instant floor(Instant t, Resolution r) {
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), r.seconds) * r.seconds);
  }

  void deleteBucket(Connection c, Resolution target, Instant start) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM " + table(target) + " WHERE " + target.timeColumn + " = ?")) {
      ps.setObject(1, Sql.time(start));
      ps.executeUpdate();
    }
  }
}
