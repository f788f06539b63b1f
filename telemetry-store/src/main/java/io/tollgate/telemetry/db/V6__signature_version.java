package io.tollgate.telemetry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Keeps the service version with each failure count ({@code
 * ingest_signature_minute.service_version}, part of the primary key): "introduced in" becomes the
 * first version that emitted the signature, and a decision can list exactly the signatures its
 * canary version emitted. Rows written before get {@code ''}, read as "version unknown". A Java
 * migration for the same reason as {@link V2__batch_offset}: the primary key's name differs by
 * database.
 */
public final class V6__signature_version extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    String pk = PrimaryKeys.name(c, "ingest_signature_minute");
    try (Statement st = c.createStatement()) {
      st.execute(
          "ALTER TABLE ingest_signature_minute"
              + " ADD COLUMN service_version VARCHAR(512) DEFAULT '' NOT NULL");
      st.execute("ALTER TABLE ingest_signature_minute DROP CONSTRAINT " + PrimaryKeys.quote(pk));
      st.execute(
          "ALTER TABLE ingest_signature_minute ADD PRIMARY KEY (topic, kafka_partition,"
              + " signature_id, track, service_version, minute_start, batch_offset)");
    }
  }
}
