package io.tollgate.ingest.prometheus

import static io.tollgate.ingest.prometheus.PrometheusQueryException.Kind.*

import io.tollgate.ingest.testing.FlakyProxy
import io.tollgate.testsupport.FreePort
import io.tollgate.testsupport.OpenMetrics
import io.tollgate.testsupport.PrometheusFixture
import java.time.Duration
import java.time.Instant
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

class PrometheusClientSpec extends Specification {
  static final long START = 1_700_000_000L
  static final String HOSTILE = 'we"ird\\name'
  static final String RATE = 'sum(rate(http_requests_total{service="{{service}}",track="{{track}}"}[2m]))'

  @Shared @AutoCleanup PrometheusFixture prometheus = PrometheusFixture.start(
      new OpenMetrics()
          .counter('http_requests', [track: 'canary', service: 'checkout'], START, 60, (0..20).collect { it * 60d } as double[])
          .counter('http_requests', [track: 'baseline', service: 'checkout'], START, 60, (0..20).collect { it * 120d } as double[])
          .gauge('queue_depth', [service: HOSTILE], START, 60, 1, 2, 3, 4, 5)
          .gauge('queue_depth', [service: 'plain'], START, 60, 10, 20, 30, 40, 50)
          .text())

  @AutoCleanup FlakyProxy proxy

  PrometheusClient client(URI uri = prometheus.baseUri(), Closure<PrometheusConfig> tweak = { it }) {
    new PrometheusClient(tweak(PrometheusConfig.of(uri).withRetries(3, Duration.ofMillis(50), Duration.ofSeconds(3))))
  }

  void "canary and baseline range queries return each track's per-second rate at aligned steps"() {
    given:
    def from = Instant.ofEpochSecond(START + 185)
    def to = Instant.ofEpochSecond(START + 905)

    when:
    def canary = client().queryRange(PromQlTemplate.render(RATE, [service: 'checkout', track: 'canary']), from, to, Duration.ofMinutes(1))
    def baseline = client().queryRange(PromQlTemplate.render(RATE, [service: 'checkout', track: 'baseline']), from, to, Duration.ofMinutes(1))

    then:
    canary instanceof QueryResult.Data
    def c = (canary as QueryResult.Data).series().first().samples()
    def b = (baseline as QueryResult.Data).series().first().samples()
    c*.time()*.epochSecond == (Math.floorDiv(from.epochSecond, 60L) * 60..Math.floorDiv(to.epochSecond, 60L) * 60).step(60)
    c*.time()*.epochSecond.every { it % 60 == 0 }
    c.every { Math.abs(it.value() - 1.0d) < 1e-9 }
    b.every { Math.abs(it.value() - 2.0d) < 1e-9 }
    b.size() == c.size()
  }

  void "a hostile label value matches only itself and cannot inject PromQL: #value"() {
    when:
    def q = PromQlTemplate.render('queue_depth{service="{{service}}"}', [service: value])
    def result = client().query(q, Instant.ofEpochSecond(START + 240))

    then:
    if (matches == null) {
      assert result == new QueryResult.NoData(QueryResult.Reason.EMPTY, q)
    } else {
      assert (result as QueryResult.Data).series().collectMany { it.samples() }*.value() == [matches]
      assert (result as QueryResult.Data).series().first().labels().service == value
    }

    where:
    value                                     || matches
    HOSTILE                                   || 5d
    'plain'                                   || 50d
    'plain"} or queue_depth{service=~".*'     || null
    'x"} or vector(1) or up{a="'              || null
    'plain\n'                                 || null
    '\\'                                      || null
  }

  void "#query gives explicit no-data (#reason), never a number"() {
    expect:
    client().query(query, Instant.ofEpochSecond(START + 240)) == new QueryResult.NoData(reason, query)

    where:
    query                                        || reason
    'vector(0) / 0'                              || QueryResult.Reason.NOT_A_NUMBER
    'vector(1) / 0'                              || QueryResult.Reason.INFINITE
    'queue_depth{service="nobody"}'              || QueryResult.Reason.EMPTY
  }

  void "a bad query is a #kind error with Prometheus's message, and is not retried"() {
    given:
    proxy = new FlakyProxy(prometheus.baseUri())

    when:
    client(proxy.uri()).query(query, Instant.ofEpochSecond(START + 240))

    then:
    def e = thrown(PrometheusQueryException)
    e.kind() == kind
    e.status() == status
    e.message.contains(words)
    proxy.requests() == 1

    where:
    query                                                            || kind           | status | words
    'sum(rate(http_requests_total[5m])'                              || BAD_QUERY      | 400    | 'parse error'
    'label_replace(http_requests_total, "track", "x", "", "")'      || CANNOT_EXECUTE | 422    | 'same labelset'
  }

  void "a server that is down is reported as unavailable after the retries"() {
    given:
    def nobody = URI.create("http://127.0.0.1:${FreePort.loopback()}")

    when:
    client(nobody).query('up', Instant.ofEpochSecond(START))

    then:
    def e = thrown(PrometheusQueryException)
    e.kind() == UNAVAILABLE
    e.message.contains('cannot reach')
  }

  void "429 and 503 are retried, waiting as long as Retry-After says"() {
    given:
    proxy = new FlakyProxy(prometheus.baseUri())
        .thenAnswer(429, '1', '{"status":"error","errorType":"too_many","error":"slow down"}')
        .thenAnswer(503, null, 'upstream overloaded')
    long t0 = System.nanoTime()

    when:
    def result = client(proxy.uri()).query('queue_depth{service="plain"}', Instant.ofEpochSecond(START + 240))

    then:
    (result as QueryResult.Data).series().first().samples().first().value() == 50d
    proxy.requests() == 3
    (System.nanoTime() - t0) >= 1_000_000_000L
  }

  void "retries give up with the last 5xx when the server stays overloaded"() {
    given:
    proxy = new FlakyProxy(prometheus.baseUri())
    4.times { proxy.thenAnswer(503, '0', '{"status":"error","errorType":"timeout","error":"query timed out"}') }

    when:
    client(proxy.uri()).query('up', Instant.ofEpochSecond(START))

    then:
    def e = thrown(PrometheusQueryException)
    e.kind() == UNAVAILABLE
    e.status() == 503
    e.message.contains('query timed out')
    proxy.requests() == 4
  }

  void "a slow answer becomes a timeout"() {
    given:
    proxy = new FlakyProxy(prometheus.baseUri()).delay(Duration.ofMillis(1500))

    when:
    new PrometheusClient(PrometheusConfig.of(proxy.uri()).withTimeout(Duration.ofMillis(300))
        .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10))).query('up', Instant.ofEpochSecond(START))

    then:
    def e = thrown(PrometheusQueryException)
    e.kind() == TIMEOUT
  }

  void "credentials are sent as #auth"() {
    given:
    proxy = new FlakyProxy(prometheus.baseUri()).requireAuthorization(header)

    when:
    client(proxy.uri()).query('up', Instant.ofEpochSecond(START))

    then: 'without them the gateway refuses'
    def e = thrown(PrometheusQueryException)
    e.kind() == UNAUTHORIZED

    when:
    def result = client(proxy.uri(), { it.withAuth(auth) }).query('queue_depth{service="plain"}', Instant.ofEpochSecond(START + 60))

    then:
    result instanceof QueryResult.Data

    where:
    auth                                                || header
    new PrometheusAuth.Bearer('s3cr3t')                 || 'Bearer s3cr3t'
    new PrometheusAuth.Basic('grafana', 'pa:ss')        || 'Basic ' + 'grafana:pa:ss'.bytes.encodeBase64().toString()
  }

  void "no more than maxParallel queries are in flight at once"() {
    given:
    proxy = new FlakyProxy(prometheus.baseUri()).delay(Duration.ofMillis(150))
    def shared = client(proxy.uri(), { it.withMaxParallel(2) })
    def pool = Executors.newFixedThreadPool(8)

    when:
    def results = pool.invokeAll((1..8).collect { { -> shared.query('queue_depth', Instant.ofEpochSecond(START + 60)) } as Callable })*.get()

    then:
    results.every { it instanceof QueryResult.Data }
    proxy.requests() == 8
    proxy.maxInFlight() == 2

    cleanup:
    pool?.shutdownNow()
  }
}
