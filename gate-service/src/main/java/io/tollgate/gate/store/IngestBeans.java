package io.tollgate.gate.store;

import io.micronaut.context.annotation.Factory;
import io.tollgate.ingest.store.AggregateReader;
import io.tollgate.ingest.store.IngestSchema;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * The ingest store on the service's database. Ingest owns its tables and their migration history
 * ({@link IngestSchema}); they are migrated before anything reads them.
 */
@Factory
final class IngestBeans {

  @Singleton
  AggregateReader aggregateReader(DataSource dataSource) {
    IngestSchema.migrate(dataSource);
    return new AggregateReader(dataSource);
  }
}
