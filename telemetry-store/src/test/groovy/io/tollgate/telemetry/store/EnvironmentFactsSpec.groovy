package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.EnvironmentFacts
import io.tollgate.telemetry.aggregate.FactKey
import io.tollgate.telemetry.retention.RetentionAges
import io.tollgate.telemetry.retention.TelemetryRetention
import io.tollgate.telemetry.store.TelemetryDatabases.Writer
import io.tollgate.testsupport.PostgresFixture
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.time.temporal.ChronoUnit
import javax.sql.DataSource
import spock.lang.Specification

/**
 * Environment facts as ingest stores them: sightings merged over batches and partitions, bounded
 * per service and environment however many a tenant sends, and deleted when stale.
 */
class EnvironmentFactsSpec extends Specification {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES)

  PostgresFixture pg

  DataSource dataSource(String db) {
    if (db == 'h2') {
      return TelemetryDatabases.h2()
    }
    pg = PostgresFixture.start()
    TelemetryDatabases.postgres(pg)
  }

  void cleanup() {
    pg?.close()
  }

  static long nanos(Instant t) { t.epochSecond * 1_000_000_000L }

  static FactKey fact(String service, String env, String name, String value) { new FactKey(service, env, name, value) }

  void "#db: sightings over batches and partitions merge into first and last seen; windows select by overlap"() {
    given:
    def ds = dataSource(db)
    def p0 = new Writer(ds, 0)
    def p1 = new Writer(ds, 1)
    def version = fact('checkout', 'staging', 'service.version', '1.5.0')

    when: 'partition 0 sees it 50 and 40 minutes ago, partition 1 10 minutes ago; a second fact only 3 hours ago'
    p0.commit { b -> b.facts().saw(version, nanos(NOW - Duration.ofMinutes(50))) }
    p0.commit { b -> b.facts().saw(version, nanos(NOW - Duration.ofMinutes(40))) }
    p1.commit { b ->
      b.facts().saw(version, nanos(NOW - Duration.ofMinutes(10)))
      b.facts().saw(fact('checkout', 'staging', 'os.type', 'linux'), nanos(NOW - Duration.ofHours(3)))
      b.facts().saw(fact('payments', 'staging', 'service.version', '2.4.0'), nanos(NOW - Duration.ofMinutes(5)))
      b.facts().saw(fact('checkout', 'production', 'service.version', '1.4.2'), nanos(NOW - Duration.ofMinutes(5)))
    }
    def reader = new FactReader(ds, 10)
    def hour = reader.facts('checkout', 'staging', NOW - Duration.ofHours(1), NOW)
    def day = reader.facts('checkout', 'staging', NOW - Duration.ofDays(1), NOW)

    then:
    hour == [new EnvironmentFact('service.version', '1.5.0', NOW - Duration.ofMinutes(50), NOW - Duration.ofMinutes(10))]
    day*.fact() == ['os.type', 'service.version']
    reader.versions(['payments', 'checkout', 'nope'], 'staging', NOW - Duration.ofHours(1), NOW) ==
        [checkout: ['1.5.0'], payments: ['2.4.0']]
    reader.environments('checkout', NOW - Duration.ofDays(1), NOW) == ['production', 'staging']

    where:
    db << ['h2', 'postgres']
  }

  void "#db: a tenant sending new facts in every batch keeps at most the bound per service and environment, and 32 environments"() {
    given:
    def ds = dataSource(db)
    def w = new Writer(ds, 0)
    long t = nanos(NOW - Duration.ofMinutes(1))

    when: '3 batches of 200 new flags each, then 40 environments of one fact'
    3.times { n -> w.commit { b -> 200.times { i -> b.facts().saw(fact('noisy', 'prod', "feature_flag/f$n-$i", 'on'), t) } } }
    w.commit { b -> 40.times { i -> b.facts().saw(fact('noisy', "env$i", 'os.type', 'linux'), t) } }
    def stored = { String where -> TelemetryDatabases.count(ds, "SELECT COUNT(*) FROM ingest_env_fact WHERE $where") }

    then:
    stored("service = 'noisy' AND environment = 'prod'") == EnvironmentFacts.MAX_PER_ENVIRONMENT
    TelemetryDatabases.count(ds, "SELECT COUNT(DISTINCT environment) FROM ingest_env_fact WHERE service = 'noisy'") == 32

    where:
    db << ['h2', 'postgres']
  }

  void "a batch holds at most the bound per service and environment, and counts what it turned away"() {
    given:
    def facts = new EnvironmentFacts()

    when:
    300.times { i -> facts.saw(fact('noisy', 'prod', "f$i", 'x'), 1L) }
    facts.saw(fact('noisy', 'prod', 'f1', 'x'), 5L)

    then:
    facts.seen().size() == EnvironmentFacts.MAX_PER_ENVIRONMENT
    facts.dropped() == 300 - EnvironmentFacts.MAX_PER_ENVIRONMENT
    facts.seen()[fact('noisy', 'prod', 'f1', 'x')] == [1L, 5L] as long[]
  }

  void "#db: retention deletes facts not seen within the minute retention; a far-future sighting is stored as now"() {
    given:
    def ds = dataSource(db)
    def w = new Writer(ds, 0)
    w.commit { b ->
      b.facts().saw(fact('checkout', 'staging', 'service.version', '1.0.0'), nanos(NOW - Duration.ofDays(20)))
      b.facts().saw(fact('checkout', 'staging', 'service.version', '1.5.0'), nanos(NOW - Duration.ofDays(1)))
      b.facts().saw(fact('checkout', 'staging', 'os.type', 'linux'), nanos(NOW + Duration.ofDays(3000)))
    }
    def clock = Clock.fixed(NOW, ZoneOffset.UTC)

    when:
    def deleted = new TelemetryRetention(ds, 100, clock)
        .run(new RetentionAges(Duration.ofDays(15), Duration.ofDays(400), Duration.ofDays(90)))
    def left = new FactReader(ds, 10).facts('checkout', 'staging', NOW - Duration.ofDays(30), NOW + Duration.ofDays(1))

    then:
    deleted.ingest_env_fact == 1L
    left*.value() == ['linux', '1.5.0']
    left[0].lastSeen() < NOW + Duration.ofHours(1)

    where:
    db << ['h2', 'postgres']
  }
}
