package io.tollgate.gate.profile

import io.micronaut.context.annotation.Property
import io.micronaut.jdbc.DataSourceResolver
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.tollgate.telemetry.store.AggregateReader
import jakarta.inject.Inject
import javax.sql.DataSource
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Load parity of k6 and JMeter runs with production: production's peak is 40 requests a minute
 * on GET /items (86 % of requests) and 30 on POST /checkout (14 %).
 */
@MicronautTest(transactional = false)
@Property(name = "tollgate.evaluations.poll-interval", value = "200ms")
@Stepwise
class LoadParitySpec extends Specification {
  @Inject EmbeddedServer server
  @Inject DataSource dataSource
  @Inject DataSourceResolver resolver
  @Inject AggregateReader migrated
  @Shared Map<String, String> tokens = [:]

  static final String JTL_HEADER = 'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect'

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "parity-$role", role: role]).body.token }
  }

  static String resource(String name) { LoadParitySpec.getResource("/profile/$name").text }

  /** JMeter CSV results: {@code perMinute[label]} samples in each of {@code minutes} minutes. */
  static String jtl(Map<String, Integer> perMinute, int minutes) {
    long start = 1_764_547_200_000L // a whole minute
    def rows = [JTL_HEADER]
    int thread = 0
    minutes.times { m ->
      perMinute.each { label, n ->
        n.times { i ->
          long ts = start + m * 60_000L + (long) (i * 60_000L / n)
          String path = label.split(' ')[1]
          rows << "$ts,48,$label,200,OK,\"Load 1-${++thread % 20 + 1}\",text,true,,512,128,20,20,http://shop.staging:8080$path,45,0,2"
        }
      }
    }
    rows.join('\n') + '\n'
  }

  long upload(String body, String type) {
    def r = api().call("POST", "/api/v1/test-runs?service=shop&suite=load", token("pipeline"), body, type)
    assert r.status == 201: r.text
    r.body.run.id as long
  }

  Map evaluate(long run) {
    def r = api().call("POST", "/api/v1/evaluations?wait=20s&view=full", token("pipeline"), [gate: "load-parity", testRuns: [run]])
    assert r.status in [200, 201]: r.text
    r.body
  }

  Map slis(Map decision) { decision.detail.slis.collectEntries { [(it.name): it] } }

  void "a k6 run at production's peak on every operation passes"() {
    given:
    new ProductionTraffic().write(resolver.resolve(dataSource))
    assert api().call("POST", "/api/v1/gates", token("sre"), resource("load-parity-gate.yaml"), "application/yaml").status in [200, 201]

    when: 'handleSummary JSON: 10/s (600/min) on items and 2.5/s (150/min) on checkout'
    def d = evaluate(upload(resource("k6-handle-summary-at-peak.json"), "application/json"))
    def s = slis(d)

    then:
    d.summary.decision == "PASS"
    Math.abs(s.load_at_peak.value - 2.4999 * 60 / 30) < 1e-6
    s.operations_covered.value == 1.0d

    and: 'the decision reports every operation'
    def evidence = s.load_at_peak.source.queries.production
    evidence.contains("GET /items: 86.1% of production, 600.0/min applied vs peak 40.0/min = 15.00x")
    evidence.contains("POST /checkout: 13.9% of production, 150.0/min applied vs peak 30.0/min = 5.00x")
  }

  void "a k6 run that stays below production's peak on checkout fails, though it covers every operation"() {
    when: '--summary-export JSON: 0.25/s = 15/min on checkout against a peak of 30'
    def d = evaluate(upload(resource("k6-summary-export-below-peak.json"), "application/json"))
    def s = slis(d)

    then:
    d.summary.decision == "FAIL"
    s.load_at_peak.outcome == "FAIL"
    s.load_at_peak.value == 0.5d
    s.operations_covered.outcome == "PASS"
  }

  void "a JMeter run that reaches the peak on items only fails on coverage and on peak ratio"() {
    when:
    def d = evaluate(upload(jtl(['GET /items': 45], 3), "text/csv"))
    def s = slis(d)

    then:
    d.summary.decision == "FAIL"
    Math.abs(s.operations_covered.value - 0.8615) < 0.001
    s.operations_covered.outcome == "FAIL"
    s.load_at_peak.value == 0.0d
  }

  void "a JMeter run whose busiest minutes reach the peaks passes"() {
    when:
    def d = evaluate(upload(jtl(['GET /items': 41, 'POST /checkout': 31], 3), "text/csv"))
    def s = slis(d)

    then:
    d.summary.decision == "PASS"
    s.load_at_peak.value == 41 / 40
  }

  void "traffic to operations production never saw does not count, and a 1.0 traffic share judges all"() {
    when: 'items at 2x peak, checkout at 0.9x peak: with traffic 0.8 only items is judged'
    def gate = resource("load-parity-gate.yaml").replace("traffic: 0.9", "traffic: 0.8").replace("name: load-parity", "name: load-items")
    api().call("POST", "/api/v1/gates", token("sre"), gate, "application/yaml")
    long run = upload(jtl(['GET /items': 80, 'POST /checkout': 27, 'GET /admin': 500], 2), "text/csv")
    def items = api().call("POST", "/api/v1/evaluations?wait=20s&view=full", token("pipeline"), [gate: "load-items", testRuns: [run]]).body
    def both = evaluate(run)

    then:
    slis(items).load_at_peak.value == 2.0d
    slis(items).load_at_peak.source.queries.production.contains("POST /checkout (not judged)")
    slis(both).load_at_peak.value == 0.9d
    slis(both).operations_covered.value == 1.0d
  }
}
