package io.tollgate.gate.parity;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.jdbc.DataSourceResolver;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.FactReader;
import jakarta.inject.Singleton;
import java.time.Duration;
import javax.sql.DataSource;

/** The environment-fact reader on the ingest store, created after its tables are migrated. */
@Factory
final class ParityBeans {

  @Singleton
  FactReader factReader(
      DataSource dataSource,
      DataSourceResolver resolver,
      AggregateReader migrated,
      @Value("${tollgate.evaluations.step-timeout:60s}") Duration readTimeout) {
    return new FactReader(resolver.resolve(dataSource), (int) Math.max(1, readTimeout.toSeconds()));
  }
}
