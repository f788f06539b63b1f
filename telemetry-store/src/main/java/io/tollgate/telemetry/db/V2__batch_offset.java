package io.tollgate.telemetry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Makes the minute tables append-only: each committed batch writes its own rows, keyed by the
 * batch's first Kafka offset ({@code batch_offset}), and readers merge all rows of a key. Rows
 * written before (one merged row per key and partition) get {@code -1}, the value compacted rows
 * carry.
 *
 * <p>A Java migration because the primary key has to be replaced, and its name differs by database:
 * PostgreSQL names it {@code <table>_pkey}, H2 generates one. The name is read from the JDBC
 * metadata, so the same statements run on both.
 */
public final class V2__batch_offset extends BaseJavaMigration {
  private record Table(String name, String key) {}

  private static final List<Table> TABLES =
      List.of(
          new Table(
              "ingest_span_minute",
              "topic, kafka_partition, service, service_version, environment, track, operation,"
                  + " minute_start"),
          new Table(
              "ingest_signature_minute",
              "topic, kafka_partition, signature_id, track, minute_start"),
          new Table(
              "ingest_metric_minute",
              "topic, kafka_partition, metric_name, service, service_version, environment, track,"
                  + " attributes_hash, minute_start"));

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    try (Statement st = c.createStatement()) {
      for (Table t : TABLES) {
        String pk = PrimaryKeys.name(c, t.name());
        st.execute(
            "ALTER TABLE " + t.name() + " ADD COLUMN batch_offset BIGINT DEFAULT -1 NOT NULL");
        // The default only fills existing rows: every writer names the batch it commits.
        st.execute("ALTER TABLE " + t.name() + " ALTER COLUMN batch_offset DROP DEFAULT");
        st.execute("ALTER TABLE " + t.name() + " DROP CONSTRAINT " + PrimaryKeys.quote(pk));
        st.execute("ALTER TABLE " + t.name() + " ADD PRIMARY KEY (" + t.key() + ", batch_offset)");
      }
    }
  }
}
