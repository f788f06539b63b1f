package io.tollgate.gate

import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.store.ApiToken
import io.tollgate.gate.store.ApiTokenRepository
import io.tollgate.testsupport.PostgresFixture
import jakarta.inject.Inject
import java.time.Instant
import java.time.temporal.ChronoUnit
import javax.sql.DataSource
import spock.lang.Shared
import spock.lang.Specification

/** The same repository code, through Flyway-made schemas, on both databases Tollgate runs on. */
abstract class RepositoryRoundTripSpec extends Specification {

  @Inject ApiTokenRepository tokens
  @Inject DataSource dataSource

  abstract String expectedProduct()

  void "a token row round-trips through the repository"() {
    given:
    def now = Instant.parse("2026-01-02T03:04:05.123456Z")

    when:
    def saved = tokens.save(new ApiToken(null, "rt", "sre", "h" * 64, "tg_abcdef", "spec", now,
        now.plus(1, ChronoUnit.DAYS), null))
    tokens.updateRevokedAt(saved.id(), now.plusSeconds(5))
    def back = tokens.findByTokenHash("h" * 64).orElseThrow()

    then:
    back.id() == saved.id()
    back.name() == "rt"
    back.role() == "sre"
    back.createdAt() == now
    back.expiresAt() == now.plus(1, ChronoUnit.DAYS)
    back.revokedAt() == now.plusSeconds(5)
    !back.activeAt(now.plusSeconds(6))
  }

  void "the schema rejects a role that does not exist"() {
    when:
    tokens.save(new ApiToken(null, "bad", "root", "b" * 64, "tg_b", "spec", Instant.EPOCH, null, null))

    then:
    thrown(RuntimeException)
  }

  void "the database is the one configured"() {
    expect:
    dataSource.connection.withCloseable { it.metaData.databaseProductName } == expectedProduct()
  }
}

@MicronautTest
class H2RepositoryRoundTripSpec extends RepositoryRoundTripSpec {
  String expectedProduct() { "H2" }
}

@MicronautTest
class PostgresRepositoryRoundTripSpec extends RepositoryRoundTripSpec implements TestPropertyProvider {
  @Shared PostgresFixture pg

  String expectedProduct() { "PostgreSQL" }

  @Override
  Map<String, String> getProperties() {
    pg = PostgresFixture.start()
    pg.micronautProperties()
  }

  def cleanupSpec() {
    pg?.close()
  }
}
