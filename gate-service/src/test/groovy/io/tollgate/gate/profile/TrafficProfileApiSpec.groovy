package io.tollgate.gate.profile

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.micronaut.jdbc.DataSourceResolver
import io.tollgate.telemetry.store.AggregateReader
import jakarta.inject.Inject
import java.time.Instant
import java.time.temporal.ChronoUnit
import javax.sql.DataSource
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static io.tollgate.gate.ApiClient.ADMIN

/** Traffic profiles read from aggregates written through the telemetry-store writer. */
@MicronautTest(transactional = false)
@Stepwise
class TrafficProfileApiSpec extends Specification {
  @Inject EmbeddedServer server
  @Inject DataSource dataSource
  @Inject DataSourceResolver resolver
  @Inject AggregateReader migrated
  @Shared Map<String, String> tokens = [:]
  @Shared ProductionTraffic traffic = new ProductionTraffic()

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "profile-$role", role: role]).body.token }
  }

  void "the profile's shares, rates, errors, latency and daily shape match the traffic written"() {
    given:
    traffic.write(resolver.resolve(dataSource))

    when:
    def r = api().get("/api/v1/services/shop/traffic-profile?window=7d&environment=production", token("viewer"))
    def ops = r.body.operations.collectEntries { [(it.operation): it] }
    long all = traffic.itemsTotal() + traffic.checkoutTotal()

    then: 'staging traffic (10,000 requests) is not counted'
    r.status == 200
    r.body.environment == 'production'
    r.body.requests == all
    r.body.operations*.operation == ['GET /items', 'POST /checkout']
    ops['GET /items'].requests == traffic.itemsTotal()
    Math.abs(ops['GET /items'].share - traffic.itemsTotal() / all) < 1e-9
    Math.abs(ops['POST /checkout'].share - traffic.checkoutTotal() / all) < 1e-9

    and: '240 of about 2,900 minutes run at 40 a minute: above the 95th percentile minute'
    ops['GET /items'].ratePerMinute == [median: 10, p95: 40, peak: 40]
    ops['POST /checkout'].ratePerMinute == [median: 2, p95: 2, peak: 30]

    and:
    ops['POST /checkout'].errors == 288
    Math.abs(ops['POST /checkout'].errorRatio - 288 / traffic.checkoutTotal()) < 1e-9
    ops['GET /items'].errorRatio == 0

    and: 'quantiles of the merged sketches, within their 1 % accuracy'
    Math.abs(ops['GET /items'].latencyMs.p99 - 50) <= 1
    Math.abs(ops['POST /checkout'].latencyMs.p50 - 200) <= 4

    and: 'each hour of day was seen on two days: hours 12 and 13 carry 40 + 2 a minute'
    int current = (int) ((Instant.now().epochSecond.intdiv(3600)) % 24)
    r.body.dailyShape.size() == 24
    r.body.dailyShape.findAll { it.hour != current && it.hour != (current + 23) % 24 }.every {
      double expected = (it.hour in [12, 13] ? 42 : 12) * 60
      Math.abs(it.requests - expected) <= (it.hour == hourOfPeak() ? 14 : 0.001)
    }
  }

  int hourOfPeak() {
    (int) ((traffic.start.plusSeconds(60L * traffic.peakMinute).epochSecond.intdiv(3600)) % 24)
  }

  void "every role that reads may see a profile; a pipeline token may not"() {
    expect:
    api().get("/api/v1/services/shop/traffic-profile", token(role)).status == status

    where:
    role       | status
    'viewer'   | 200
    'qa'       | 200
    'sre'      | 200
    'admin'    | 200
    'pipeline' | 403
  }

  void "bad input is a problem naming the parameter; an unknown service is a 404"() {
    when:
    def r = api().get("/api/v1/services/$service/traffic-profile?window=$window", token('viewer'))

    then:
    r.status == status
    r.type.startsWith('application/problem+json')
    r.body.detail.contains(mentions)

    where:
    service | window | status | mentions
    'shop'  | '30d'  | 400    | "'window'"
    'shop'  | 'soon' | 400    | "'window'"
    'shop'  | '5m'   | 400    | "'window'"
    'nope'  | '7d'   | 404    | "nope"
  }

  void "without a token the profile is refused"() {
    expect:
    api().get("/api/v1/services/shop/traffic-profile").status == 401
  }
}
