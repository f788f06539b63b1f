package io.tollgate.telemetry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Iterator;

/**
 * Writes many rows with few round trips: statements of up to {@link #ROWS_PER_STATEMENT} rows each
 * ({@code head (?,?,..),(?,?,..) tail}), sent as one JDBC batch. One prepared statement serves all
 * full chunks; the remainder gets a second one.
 *
 * <pre>{@code
 * MultiRowStatement.execute(c, "INSERT INTO t (a, b) VALUES ", "", 2, rows,
 *     (ps, i, row) -> { ps.setString(i, row.a()); ps.setLong(i + 1, row.b()); });
 * }</pre>
 */
final class MultiRowStatement {
  /** About 2,400 to 4,000 parameters per statement, well below PostgreSQL's 32,767. */
  static final int ROWS_PER_STATEMENT = 200;

  /** Binds one row's values from parameter {@code first} on. */
  interface Binder<T> {
    void bind(PreparedStatement ps, int first, T row) throws SQLException;
  }

  private MultiRowStatement() {}

  static <T> void execute(
      Connection c, String head, String tail, int columns, Collection<T> rows, Binder<T> binder)
      throws SQLException {
    execute(c, head, tail, columns, rows, binder, ROWS_PER_STATEMENT);
  }

  static <T> void execute(
      Connection c,
      String head,
      String tail,
      int columns,
      Collection<T> rows,
      Binder<T> binder,
      int rowsPerStatement)
      throws SQLException {
    int total = rows.size();
    if (total == 0) {
      return;
    }
    int chunk = Math.min(rowsPerStatement, total);
    int fullChunks = total / chunk;
    int rest = total % chunk;
    Iterator<T> it = rows.iterator();
    try (PreparedStatement ps = c.prepareStatement(sql(head, tail, columns, chunk))) {
      for (int n = 0; n < fullChunks; n++) {
        for (int r = 0; r < chunk; r++) {
          binder.bind(ps, r * columns + 1, it.next());
        }
        if (fullChunks == 1) {
          ps.executeUpdate();
        } else {
          ps.addBatch();
        }
      }
      if (fullChunks > 1) {
        ps.executeBatch();
      }
    }
    if (rest > 0) {
      try (PreparedStatement ps = c.prepareStatement(sql(head, tail, columns, rest))) {
        for (int r = 0; r < rest; r++) {
          binder.bind(ps, r * columns + 1, it.next());
        }
        ps.executeUpdate();
      }
    }
  }

  static String sql(String head, String tail, int columns, int rows) {
    StringBuilder row = new StringBuilder(columns * 2 + 2).append('(');
    for (int i = 0; i < columns; i++) {
      row.append(i == 0 ? "?" : ",?");
    }
    row.append(')');
    StringBuilder sql =
        new StringBuilder(head.length() + tail.length() + rows * (row.length() + 1));
    sql.append(head);
    for (int r = 0; r < rows; r++) {
      if (r > 0) {
        sql.append(',');
      }
      sql.append(row);
    }
    return sql.append(tail).toString();
  }
}
