package io.tollgate.gate

import io.micronaut.context.env.ActiveEnvironment
import io.micronaut.context.env.PropertySource
import io.micronaut.context.env.PropertySourceLoader
import io.micronaut.core.io.ResourceLoader
import io.tollgate.testsupport.PostgresFixture

/**
 * Runs the gate-service specs on PostgreSQL instead of H2: with {@code -Dtollgate.test.database=postgres}
 * every application context a spec starts gets a fresh database from {@link PostgresFixture}
 * ({@code TOLLGATE_TEST_POSTGRES_URL}), dropped when the test JVM ends. The build's
 * {@code postgres-suite} execution sets it; without it the specs use H2 as always.
 */
class PostgresSuiteProperties implements PropertySourceLoader {
  static final String SWITCH = "tollgate.test.database"
  /** Above application-test.yml, below what a spec's own TestPropertyProvider sets. */
  static final int ORDER = 1_000

  @Override
  Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
    if (resourceName != "application" || System.getProperty(SWITCH) != "postgres") {
      return Optional.empty()
    }
    PostgresFixture pg = PostgresFixture.start()
    Runtime.runtime.addShutdownHook(new Thread({ pg.close() }))
    Optional.of(PropertySource.of("postgres-suite", new LinkedHashMap<String, Object>(pg.micronautProperties()), ORDER))
  }

  @Override
  Optional<PropertySource> loadEnv(String resourceName, ResourceLoader resourceLoader, ActiveEnvironment activeEnvironment) {
    Optional.empty()
  }

  @Override
  Map<String, Object> read(String name, InputStream input) {
    [:]
  }
}
