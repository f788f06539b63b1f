package io.tollgate.gate.parity

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.ApiClient
import io.tollgate.gate.CliJar
import io.tollgate.gate.UiSession
import io.tollgate.telemetry.aggregate.EnvironmentFacts
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.time.Instant
import java.time.temporal.ChronoUnit
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

import groovy.json.JsonSlurper
import java.nio.file.Files

/**
 * Environment parity from spans that came through a real Kafka broker: a production and a staging
 * environment with known differences; the API lists exactly those, the parity SLI blocks or passes
 * a promotion on them, the UI shows both environments side by side. Runs on H2, and on PostgreSQL
 * in the postgres-suite repeat.
 */
@MicronautTest
@Stepwise
class ParitySpec extends Specification implements TestPropertyProvider {
  static final Instant AT = Instant.now().minus(5, ChronoUnit.MINUTES)

  @Shared KafkaFixture kafka
  @Shared Map<String, String> tokens = [:]

  @Inject EmbeddedServer server

  @Override
  Map<String, String> getProperties() {
    kafka = ParityIngest.broker()
    ParityIngest.properties(kafka) + ["tollgate.evaluations.poll-interval": "200ms"]
  }

  def cleanupSpec() {
    kafka?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "parity-$role", role: role]).body.token }
  }

  /** JSON leaves out absent values. */
  static Map present(Map m) { m.findAll { k, v -> v != null } }

  Map parity(String query, String role = 'viewer') { api().get("/api/v1/parity?$query", token(role)) }

  void "production and staging spans arrive through the broker"() {
    given:
    def shop = new TwoEnvironments(AT)

    when:
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      [shop.production(), shop.staging(), shop.noisy(400)].each {
        producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans", it.toByteArray())).get()
      }
    }

    then:
    new PollingConditions(timeout: 60, delay: 0.2).eventually {
      def r = parity('service=checkout&from=staging&to=production')
      assert r.status == 200 && r.body.fromFacts > 0 && r.body.toFacts > 0
      assert parity('service=noisy&from=staging&to=production').status == 200
    }
  }

  void "parity of checkout lists exactly the constructed differences and nothing else"() {
    when:
    def r = parity('service=checkout&from=staging&to=production&window=1d')

    then:
    r.status == 200
    r.body.service == 'checkout'
    r.body.window == '1d'
    r.body.differences == TwoEnvironments.CHECKOUT_DIFFERENCES.collect { present(it) }

    and: 'the facts both share are listed side by side, not as differences'
    r.body.facts.findAll { !it.differs }*.fact == TwoEnvironments.CHECKOUT_SAME
    r.body.facts.find { it.fact == 'dependency.db/postgresql' }.fromValue == 'called'
    r.body.facts.find { it.fact == 'process.runtime.version' }.toValue == '21.0.2+13'
    r.body.fromFacts == 14
    r.body.toFacts == 14
  }

  void "the other direction mirrors the differences; a service in one environment only is all differences"() {
    when:
    def back = parity('service=checkout&from=production&to=staging')
    def payments = parity('service=payments&from=staging&to=production')
    def inventory = parity('service=inventory&from=staging&to=production')

    then:
    back.body.differences*.kind.countBy { it } == ['differs': 5, 'only-in-from': 1, 'only-in-to': 1]
    back.body.differences.find { it.fact == 'dependency.messaging/kafka' }.kind == 'only-in-from'
    payments.body.differences == [[fact: 'service.version', factKind: 'version', from: '2.4.0', to: '2.3.1', kind: 'differs']]
    inventory.body.fromFacts == 0
    inventory.body.differences == [[fact: 'service.version', factKind: 'version', to: '3.0.0', kind: 'only-in-to']]
  }

  void "a tenant sending a new flag key on every span gets a bounded number of facts, values cut to length"() {
    when:
    def r = parity('service=noisy&from=staging&to=production')

    then:
    r.body.toFacts <= EnvironmentFacts.MAX_PER_ENVIRONMENT
    r.body.toFacts >= 200
    r.body.facts.every { it.fact.length() <= 256 && (it.toValue == null || it.toValue.length() <= 256) }
  }

  void "every role that reads may compare environments; a pipeline token may not; no token is a 401"() {
    expect:
    parity('service=checkout&from=staging&to=production', role).status == status
    api().get('/api/v1/parity?service=checkout&from=staging&to=production').status == 401

    where:
    role       | status
    'viewer'   | 200
    'qa'       | 200
    'sre'      | 200
    'pipeline' | 403
  }

  void "bad parameters are a 400 naming the parameter; a service with no facts is a 404"() {
    when:
    def r = parity(query)

    then:
    r.status == status
    r.type.startsWith('application/problem+json')
    r.body.detail.contains(mentions)

    where:
    query                                                      || status | mentions
    'from=staging&to=production'                               || 400    | "'service'"
    'service=checkout&to=production'                           || 400    | "'from'"
    'service=checkout&from=staging'                            || 400    | "'to'"
    'service=checkout&from=staging&to=staging'                 || 400    | "'to'"
    'service=checkout&from=staging&to=production&window=soon'  || 400    | "'window'"
    'service=checkout&from=staging&to=production&window=30d'   || 400    | "'window'"
    'service=checkout&from=staging&to=production&window=5m'    || 400    | "'window'"
    "service=${'x' * 201}&from=staging&to=production"          || 400    | "'service'"
    'service=checkout&from=st%01aging&to=production'           || 400    | "'from'"
    'service=nope&from=staging&to=production'                  || 404    | "nope"
  }

  static final String GATE = '''apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: promotion
spec:
  slis:
    - name: dependency_parity
      source:
        parity:
          service: $service
          from: staging
          to: production
          kinds: [dependency]
      criteria:
        - absolute:
            pass: "== 0"
          key: true
'''

  static final String OS_GATE = GATE.replace('name: promotion', 'name: os-promotion').replace('[dependency]', '[os, runtime]')

  Map evaluate(String gate, String service) {
    Instant end = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)
    api().call("POST", "/api/v1/evaluations?wait=30s&view=full", token("pipeline"), [
        gate: gate, start: end.minus(10, ChronoUnit.MINUTES).toString(), end: end.toString(),
        target: [service: service, version: "1.5.0"]])
  }

  void "the parity SLI blocks a promotion tested against another payments version than production runs"() {
    given:
    assert api().call("POST", "/api/v1/gates", token("sre"), GATE, "application/yaml").status == 201
    assert api().call("POST", "/api/v1/gates", token("sre"), OS_GATE, "application/yaml").status == 201

    when:
    def blocked = evaluate('promotion', 'checkout')
    def sli = blocked.body.detail.slis.find { it.name == 'dependency_parity' }
    def passed = evaluate('os-promotion', 'checkout')
    def unknown = evaluate('promotion', 'inventory')

    then: 'three dependency differences: payments 2.4.0 vs 2.3.1, kafka, the fraud API'
    blocked.status == 201
    blocked.body.summary.decision == 'FAIL'
    sli.value == 3d
    sli.source.kind == 'parity'
    sli.source.queries.values().any { it.contains('dependency.service/payments: 2.4.0 vs 2.3.1') }

    and: 'runtime and OS are the same in both'
    passed.body.summary.decision == 'PASS'
    passed.body.detail.slis[0].value == 0d

    and: 'no facts from staging is missing data, never a pass'
    unknown.body.summary.decision == 'INCONCLUSIVE'
    unknown.body.detail.slis[0].source.queries.values().any { it.contains('no facts in staging') }
  }

  void "the parity page shows staging and production side by side with the differences marked"() {
    given:
    def cookie = UiSession.signIn(server.URI, token("viewer")).cookie

    when:
    def page = api().call("GET", "/ui/parity?service=checkout&from=staging&to=production", null, null, "text/plain", [Cookie: cookie])
    def bad = api().call("GET", "/ui/parity?service=checkout&from=staging&to=production&window=30d", null, null, "text/plain", [Cookie: cookie])
    def rows = (page.text =~ /<tr ([^>]*)>/).collect { it[1] }.findAll { it.contains('class="differs"') }
        .collect { (it =~ /data-fact="([^"]+)"/)[0][1] }

    then:
    page.status == 200
    page.text.contains('<span id="parity-count">7</span>')
    rows == TwoEnvironments.CHECKOUT_DIFFERENCES*.fact
    page.text.contains('<th scope="col">staging</th><th scope="col">production</th>')
    bad.status == 200
    bad.text.contains('id="parity-problem"')
    bad.text.contains('query &#39;window&#39;: between 1h and 14d')
  }

  Map tollgate(String... args) {
    CliJar.run(server.URI, token("qa"), args)
  }

  void "tollgate parity prints both environments side by side and exits 1 when they differ"() {
    given:
    assert Files.isRegularFile(CliJar.JAR)

    when:
    def r = tollgate("parity", "checkout", "--from", "staging", "--to", "production")
    def json = tollgate("parity", "payments", "--json")
    def bad = tollgate("parity", "checkout", "--window", "30d")

    then:
    r.code == 1
    r.out.contains("checkout: 7 differences between staging and production")
    r.out =~ /(?m)^! dependency\.service\/payments\s+2\.4\.0\s+2\.3\.1\s*$/
    r.out =~ /(?m)^! dependency\.messaging\/kafka\s+-\s+called\s*$/
    r.out =~ /(?m)^  os\.type\s+linux\s+linux\s*$/
    json.code == 1
    new JsonSlurper().parseText(json.out).differences*.fact == ['service.version']
    bad.code == 64
    bad.err.contains("'window'")
  }
}
