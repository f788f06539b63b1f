package io.tollgate.gate.store;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.jdbc.DataSourceResolver;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.IngestSchema;
import io.tollgate.telemetry.store.SignatureReader;
import io.tollgate.telemetry.store.TestTrafficReader;
import jakarta.inject.Singleton;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The ingest store on the service's database. Ingest owns its tables and their migration history
 * ({@link IngestSchema}); they are migrated before anything reads them.
 */
@Factory
final class IngestBeans {

  /**
   * @param readTimeout every aggregate read is cancelled after this: no read may outlive the
   *     evaluation step it serves ({@code tollgate.evaluations.step-timeout})
   */
  @Singleton
  AggregateReader aggregateReader(
      DataSource dataSource,
      DataSourceResolver resolver,
      @Value("${tollgate.evaluations.step-timeout:60s}") Duration readTimeout) {
    // ingest manages its own connections: give it the pool, not the transaction-bound proxy
    DataSource pool = resolver.resolve(dataSource);
    IngestSchema.migrate(pool);
    return new AggregateReader(pool, readTimeout);
  }

  /** The scenario catalog's signature queries; created after the tables are migrated. */
  @Singleton
  SignatureReader signatureReader(
      DataSource dataSource, DataSourceResolver resolver, AggregateReader migrated) {
    return new SignatureReader(resolver.resolve(dataSource));
  }

  /** Test traffic's series and failures; created after the tables are migrated. */
  @Singleton
  TestTrafficReader testTrafficReader(
      DataSource dataSource,
      DataSourceResolver resolver,
      AggregateReader migrated,
      @Value("${tollgate.evaluations.step-timeout:60s}") Duration readTimeout) {
    return new TestTrafficReader(resolver.resolve(dataSource), readTimeout);
  }
}
