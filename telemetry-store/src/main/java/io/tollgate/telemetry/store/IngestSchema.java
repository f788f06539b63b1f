package io.tollgate.telemetry.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades ingest's tables with Flyway. ingest keeps its own history table, so its
 * migrations and the application's coexist in one schema without knowing about each other.
 *
 * <pre>{@code
 * IngestSchema.migrate(dataSource);
 * }</pre>
 */
public final class IngestSchema {
  public static final String HISTORY_TABLE = "tollgate_ingest_schema_history";
  static final String LOCATION = "classpath:io/tollgate/telemetry/db";

  private IngestSchema() {}

  /** Applies pending migrations; returns how many ran. */
  public static int migrate(DataSource dataSource) {
    return Flyway.configure(IngestSchema.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
