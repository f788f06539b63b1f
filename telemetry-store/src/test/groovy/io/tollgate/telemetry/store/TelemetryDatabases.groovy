package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.testsupport.PostgresFixture
import java.time.Instant
import javax.sql.DataSource
import org.h2.jdbcx.JdbcDataSource
import org.postgresql.ds.PGSimpleDataSource

/** Fresh, migrated databases for the store's specs, and a writer that commits as ingest does. */
class TelemetryDatabases {
  static DataSource h2() {
    def ds = new JdbcDataSource()
    ds.URL = "jdbc:h2:mem:store_${UUID.randomUUID().toString().replace('-', '')};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"
    ds.user = 'sa'
    IngestSchema.migrate(ds)
    ds
  }

  static DataSource postgres(PostgresFixture pg) {
    def ds = new PGSimpleDataSource()
    ds.URL = pg.jdbcUrl()
    ds.user = pg.user()
    ds.password = pg.password()
    IngestSchema.migrate(ds)
    ds
  }

  /** Commits batches through {@link AggregateStore}, one partition, offsets in sequence. */
  static class Writer {
    final AggregateStore store
    final int partition
    /** the stored next offset, -1 before the first commit */
    long stored = -1
    final CardinalityGuard guard = new CardinalityGuard(1_000_000, {})

    Writer(DataSource ds, int partition) {
      store = new AggregateStore(ds)
      this.partition = partition
    }

    /** One committed batch; {@code fill} records spans and failures into it. */
    void commit(Closure fill) {
      long start = Math.max(stored, 0L)
      def b = new PartitionBatch('otlp_spans', partition, stored, start)
      fill(b)
      b.consumed(start)
      store.commit([b])
      stored = b.nextOffset()
    }

    static void span(PartitionBatch b, String service, String version, String track, String op, Instant minute, boolean error, CardinalityGuard g) {
      b.recordSpan(new SeriesKey(service, version, 'prod', track), op, minute.epochSecond.intdiv(60) * 60, 12.5d, error, g)
    }

    static void failure(PartitionBatch b, FailureSignature sig, String track, Instant at, String version = '1.0') {
      b.recordFailure(sig, track, version, at.epochSecond * 1_000_000_000L, '')
    }
  }

  static long count(DataSource ds, String sql) {
    ds.connection.withCloseable { c ->
      c.createStatement().withCloseable { st ->
        def rs = st.executeQuery(sql)
        rs.next()
        rs.getLong(1)
      }
    }
  }
}
