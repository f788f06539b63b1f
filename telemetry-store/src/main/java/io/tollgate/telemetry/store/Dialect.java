package io.tollgate.telemetry.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The SQL dialects the store writes: PostgreSQL, and H2 (the embedded default). */
enum Dialect {
  /** Upserts with {@code INSERT ... ON CONFLICT DO UPDATE}. */
  POSTGRESQL,
  /** Upserts with the standard {@code MERGE INTO ... USING (VALUES ...)}, as H2 runs it. */
  H2;

  static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    return product.contains("postgres") ? POSTGRESQL : H2;
  }
}
