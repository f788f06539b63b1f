package io.tollgate.telemetry.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** Primary key names for the Java migrations that replace a key: they differ by database. */
final class PrimaryKeys {
  private PrimaryKeys() {}

  /**
   * The primary key constraint's name, looked up as the table's name is stored (H2 may upper-case).
   */
  static String name(Connection c, String table) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
      try (ResultSet rs = meta.getPrimaryKeys(c.getCatalog(), c.getSchema(), name)) {
        if (rs.next() && rs.getString("PK_NAME") != null) {
          return rs.getString("PK_NAME");
        }
      }
    }
    throw new SQLException("no primary key found on " + table + " in schema " + c.getSchema());
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
