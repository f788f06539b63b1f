package io.tollgate.telemetry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, turns retention's time-leading B-tree indexes (V3, V4) into BRIN indexes. With a
 * B-tree on the time column alone, the planner read an hour of one service's minutes through it and
 * filtered out every other service's rows (6 ms where the service index takes 0.4 ms, measured with
 * 400 series). A BRIN index is never the cheaper path for those reads, still lets retention find
 * old rows (the tables are appended in time order), and is a few pages instead of megabytes. H2 has
 * no BRIN and keeps its B-trees.
 */
public final class V7__brin_time_indexes extends BaseJavaMigration {
  private record TimeIndex(String table, String btree, String column) {}

  private static final List<TimeIndex> INDEXES =
      List.of(
          new TimeIndex("ingest_span_minute", "ingest_span_minute_by_minute", "minute_start"),
          new TimeIndex("ingest_metric_minute", "ingest_metric_minute_by_minute", "minute_start"),
          new TimeIndex(
              "ingest_signature_minute", "ingest_signature_minute_by_time", "minute_start"),
          new TimeIndex("ingest_span_hour", "ingest_span_hour_by_hour", "hour_start"),
          new TimeIndex("ingest_span_day", "ingest_span_day_by_day", "day_start"),
          new TimeIndex("ingest_metric_hour", "ingest_metric_hour_by_hour", "hour_start"),
          new TimeIndex("ingest_metric_day", "ingest_metric_day_by_day", "day_start"));

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
      return;
    }
    try (Statement st = c.createStatement()) {
      for (TimeIndex i : INDEXES) {
        st.execute("DROP INDEX IF EXISTS " + i.btree());
        st.execute(
            "CREATE INDEX "
                + i.table()
                + "_time_brin ON "
                + i.table()
                + " USING BRIN ("
                + i.column()
                + ")");
      }
    }
  }
}
