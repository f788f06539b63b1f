package io.tollgate.gate.scenarios

import io.micronaut.jdbc.DataSourceResolver
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.store.AggregateStore
import jakarta.inject.Inject
import java.time.Duration
import java.time.Instant
import javax.sql.DataSource
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The stored scenario catalog: failure counts committed through telemetry-store's writer reach the
 * next read by batch offset (no rebuild), pages come from the table in list order with every
 * filter applied, and nothing is cut off. Runs on H2 and, in the PostgreSQL repeat, on PostgreSQL.
 */
@MicronautTest
@Stepwise
class ScenarioCatalogSpec extends Specification {
  @Inject EmbeddedServer server
  @Inject DataSource dataSource
  @Inject DataSourceResolver resolver
  @Inject ScenarioCatalog catalog
  @Shared String viewer
  @Shared long nextOffset = 0

  ApiClient api() { new ApiClient(server.URI) }

  String viewer() {
    viewer = viewer ?: api().post("/api/v1/tokens", ADMIN, [name: "catalog-viewer", role: "viewer"]).body.token
  }

  /** Commits one batch of {@code failures} (signature -> [track, count]) on partition 0. */
  void commit(Map<FailureSignature, List> failures) {
    def batch = new PartitionBatch('otlp_spans', 0, nextOffset == 0 ? -1 : nextOffset, nextOffset)
    long nanos = Instant.now().minus(Duration.ofMinutes(5)).toEpochMilli() * 1_000_000L
    def guard = new CardinalityGuard(10_000, {})
    failures.each { sig, trackAndCount ->
      def series = new SeriesKey(sig.service(), trackAndCount[0] == 'canary' ? '2.0.0' : '1.0.0', 'prod', trackAndCount[0])
      (1..trackAndCount[1]).each { n ->
        batch.recordSpan(series, sig.operation(), Math.floorDiv(nanos, 60_000_000_000L) * 60, 10d, true, guard)
        batch.recordFailure(sig, trackAndCount[0], series.version(), nanos + n, "${'a' * 32}:${'b' * 15}$n")
      }
    }
    batch.consumed(nextOffset)
    new AggregateStore(resolver.resolve(dataSource)).commit([batch])
    nextOffset++
  }

  static FailureSignature sig(String service, String operation, String message) {
    new FailureSignature(service, 'SERVER', operation, 'HTTP 500', message, 1)
  }

  static Map expected(FailureSignature production, long p, FailureSignature canary, long c) {
    Map out = [:]
    out.put('production-' + production.id(), p)
    out.put('canary-' + canary.id(), c)
    out
  }

  long mark() {
    resolver.resolve(dataSource).connection.withCloseable { c ->
      c.createStatement().executeQuery(
          "SELECT batch_offset FROM scenario_catalog_mark WHERE mark_key = 'otlp_spans/0'").with {
        it.next() ? it.getLong(1) : -99L
      }
    }
  }

  void "a read builds the catalog, and counts committed afterwards reach the next read"() {
    given:
    def a = sig('catalog-a', 'GET /a', 'boom')
    commit([(a): ['production', 3]])

    when:
    def first = api().get('/api/v1/scenarios?service=catalog-a', viewer()).body

    then:
    first*.id == ["production-${a.id()}".toString()]
    first[0].failures == 3
    mark() == 0

    when: "another batch adds failures to it and a canary-only signature"
    def b = sig('catalog-a', 'GET /b', 'only in the canary')
    commit([(a): ['production', 2], (b): ['canary', 4]])
    def second = api().get('/api/v1/scenarios?service=catalog-a', viewer()).body

    then: "the next read folded the batch in by its offset"
    second.collectEntries { [(it.id): it.failures] } == expected(a, 5, b, 4)
    second.find { it.environment == 'CANARY' }.newInCanary
    mark() == 1

    and: "one scenario reads by id without listing the catalog"
    api().get("/api/v1/scenarios/canary-${b.id()}", viewer()).body.scenario.failures == 4
  }

  void "pages come from the table in list order, each scenario once, filters applied"() {
    given: "250 production signatures of one service and 30 canary ones of another"
    Map<FailureSignature, List> many = [:]
    (1..250).each { many[sig('catalog-many', "GET /p$it", "failure $it")] = ['production', 1] }
    (1..30).each { many[sig('catalog-other', "GET /c$it", "canary $it")] = ['canary', 2] }
    commit(many)

    when: "the service's list is read 40 at a time, following X-Next-Cursor"
    List ids = []
    String cursor = null
    int pages = 0
    while (true) {
      def r = api().get("/api/v1/scenarios?service=catalog-many&limit=40" + (cursor ? "&cursor=${URLEncoder.encode(cursor, 'UTF-8')}" : ''), viewer())
      ids.addAll(r.body*.id)
      pages++
      cursor = r.headers['x-next-cursor']?.getAt(0)
      if (!cursor) break
    }

    then:
    pages == 7
    ids.size() == 250
    ids.toSet().size() == 250
    ids.every { it.startsWith('production-') }

    and: "filters are the table's: environment, new in canary, coverage, triage"
    api().get('/api/v1/scenarios?environment=canary&service=catalog-other&limit=1000', viewer()).body.size() == 30
    api().get('/api/v1/scenarios?new-in-canary=true&limit=1000', viewer()).body*.service.toSet() == ['catalog-a', 'catalog-other'] as Set
    api().get('/api/v1/scenarios?service=catalog-many&coverage=uncovered&limit=1000', viewer()).body.size() == 250
    api().get('/api/v1/scenarios?service=catalog-many&triage=accepted', viewer()).body.isEmpty()

    and: "counts and the service list come from the table too"
    catalog.count(new ScenarioCatalog.Filter(null, 'catalog-many', null, false, null)) == 250
    catalog.services().containsAll(['catalog-a', 'catalog-many', 'catalog-other'])
  }

  void "a triage rule changes the stored triage state the triage filter reads"() {
    given:
    def qa = api().post("/api/v1/tokens", ADMIN, [name: "catalog-qa", role: "qa"]).body.token

    when:
    def rule = api().post('/api/v1/scenarios/triage-rules', qa, [pattern: '^catalog-many GET /p1[0-9] ', state: 'accepted'])
    def accepted = api().get('/api/v1/scenarios?service=catalog-many&triage=accepted', viewer()).body

    then:
    rule.status == 201
    accepted*.operation.toSet() == (10..19).collect { "GET /p$it".toString() }.toSet()
    accepted.every { it.triage.ruleId == rule.body.id }

    when:
    api().call('DELETE', "/api/v1/scenarios/triage-rules/${rule.body.id}", qa)

    then:
    api().get('/api/v1/scenarios?service=catalog-many&triage=accepted', viewer()).body.isEmpty()
    catalog.count(new ScenarioCatalog.Filter(null, 'catalog-many', null, false, TriageState.TO_INVESTIGATE)) == 250
  }
}
