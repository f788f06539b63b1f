package io.tollgate.gate.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The size of every table in the service's schema, from the database's own statistics (no table is
 * scanned): on PostgreSQL the planner's row estimate ({@code reltuples}, kept by autovacuum and
 * ANALYZE) and {@code pg_total_relation_size} (indexes and TOAST included); on H2 its row count
 * estimate and no byte size.
 */
final class TableSizes {
  /** One table's estimated rows, and bytes (-1 where the database does not say). */
  record Size(long rows, long bytes) {}

  private static final String POSTGRES =
      "SELECT c.relname, GREATEST(c.reltuples, 0)::bigint, pg_total_relation_size(c.oid)"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')";
  private static final String H2 =
      "SELECT LOWER(TABLE_NAME), ROW_COUNT_ESTIMATE, -1 FROM INFORMATION_SCHEMA.TABLES"
          + " WHERE TABLE_SCHEMA = SCHEMA() AND TABLE_TYPE = 'BASE TABLE'";

  private final DataSource dataSource;

  TableSizes(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  Map<String, Size> read() throws SQLException {
    Map<String, Size> out = new TreeMap<>();
    try (Connection c = dataSource.getConnection()) {
      boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
      try (PreparedStatement ps = c.prepareStatement(postgres ? POSTGRES : H2);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new Size(rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    return out;
  }
}
