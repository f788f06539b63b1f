package io.tollgate.gate.profile

import groovy.json.JsonSlurper
import io.micronaut.context.annotation.Property
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.micronaut.jdbc.DataSourceResolver
import io.tollgate.telemetry.store.AggregateReader
import jakarta.inject.Inject
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import javax.sql.DataSource
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The k6 test generated from a production profile: Node parses it, its scenarios and thresholds
 * follow production and the gate, and its thresholds round-trip through the gate's testrun SLIs.
 */
@MicronautTest(transactional = false)
@Property(name = "tollgate.evaluations.poll-interval", value = "200ms")
@Stepwise
class K6ExportSpec extends Specification {
  @Inject EmbeddedServer server
  @Inject DataSource dataSource
  @Inject DataSourceResolver resolver
  @Inject AggregateReader migrated
  @Shared Map<String, String> tokens = [:]
  @Shared Path dir = Files.createTempDirectory("k6-export")

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "k6-$role", role: role]).body.token }
  }

  static String resource(String name) { K6ExportSpec.getResource("/profile/$name").text }

  /** Runs node on {@code args}; returns [exit code, stdout + stderr]. */
  List node(String... args) {
    def p = new ProcessBuilder(['node', *args]).directory(dir.toFile()).redirectErrorStream(true).start()
    String out = p.inputStream.text
    assert p.waitFor(60, TimeUnit.SECONDS)
    [p.exitValue(), out]
  }

  /** The script's options as JSON, evaluated by Node with k6's module and __ENV stood in for. */
  Map options(String script) {
    def module = dir.resolve("options-${System.nanoTime()}.mjs")
    Files.writeString(module, "globalThis.__ENV = {};\n" +
        script.replace("import http from 'k6/http';", "const http = {};") +
        "\nconsole.log(JSON.stringify(options));\n")
    def (code, out) = node(module.toString())
    assert code == 0: out
    new JsonSlurper().parseText(out) as Map
  }

  void "the script parses with Node and carries one scenario per operation at peak times headroom"() {
    given:
    new ProductionTraffic().write(resolver.resolve(dataSource))
    assert api().call("POST", "/api/v1/gates", token("sre"), resource("shop-load-gate.yaml"), "application/yaml").status in [200, 201]

    when:
    def r = api().get("/api/v1/services/shop/k6-script?gate=shop-load&headroom=2&duration=5m", token("qa"))
    def file = dir.resolve("load.js")
    Files.writeString(file, r.text)
    def check = node("--check", file.toString())
    def o = options(r.text)

    then:
    r.status == 200
    r.type.startsWith("text/javascript")
    check[0] == 0
    o.scenarios.keySet() as List == ["op_01_get_items", "op_02_post_checkout"]
    o.scenarios.op_01_get_items.subMap(["executor", "rate", "timeUnit", "duration", "tags"]) ==
        [executor: "constant-arrival-rate", rate: 80, timeUnit: "1m", duration: "5m", tags: [name: "GET /items"]]
    o.scenarios.op_02_post_checkout.rate == 60
    o.scenarios.values().every { it.preAllocatedVUs >= 1 && it.maxVUs >= it.preAllocatedVUs }
    o.summaryTrendStats.contains("p(99)")

    and: 'the gate sets checkout thresholds; production quantiles set the others'
    o.thresholds['http_req_duration{name:"POST /checkout"}'] == ["p(99)<800"]
    o.thresholds['http_req_failed{name:"POST /checkout"}'] == ["rate<0.01"]
    def items = o.thresholds['http_req_duration{name:"GET /items"}']
    items.size() == 2 && items.every { it ==~ /p\((95|99)\)<5[5-7]/ }
    o.thresholds['http_req_failed{name:"GET /items"}'] == ["rate<0.001"]
    o.thresholds['http_reqs{name:"GET /items"}'] == ["count>0"]

    and: 'the run id travels as baggage and tag; nothing but the operation names comes from production'
    r.text.contains("baggage: 'test.run.id=' + encodeURIComponent(data.runId)")
    r.text.contains("tags: { name: operation, 'test.run.id': data.runId }")
    r.text.contains("const BASE_URL = __ENV.BASE_URL")
    r.text.contains("'http_req_duration{name:\"POST /checkout\"}': ['p(99)<800'],")
  }

  void "a k6 summary of a run that met the thresholds passes the gate; one that missed fails"() {
    when:
    def met = upload(resource("k6-load-met.json"))
    def missed = upload(resource("k6-load-missed.json"))
    def pass = evaluate(met)
    def fail = evaluate(missed)

    then:
    pass.body.summary.decision == "PASS"
    fail.body.summary.decision == "FAIL"
    fail.body.detail.slis.find { it.name == "checkout_p99" }.value == 950.8d
    fail.body.detail.slis.find { it.name == "checkout_errors" }.outcome == "PASS"
  }

  long upload(String body) {
    def r = api().call("POST", "/api/v1/test-runs?service=shop&suite=load", token("pipeline"), body, "application/json")
    assert r.status == 201
    r.body.run.id as long
  }

  Map evaluate(long run) {
    api().call("POST", "/api/v1/evaluations?wait=20s&view=full", token("pipeline"), [gate: "shop-load", testRuns: [run]])
  }

  void "bad export parameters are problems naming the parameter"() {
    when:
    def r = api().get("/api/v1/services/shop/k6-script?$query", token("viewer"))

    then:
    r.status == status
    r.type.startsWith("application/problem+json")
    r.body.detail.contains(mentions)

    where:
    query              | status | mentions
    "headroom=0"       | 400    | "'headroom'"
    "headroom=NaN"     | 400    | "'headroom'"
    "duration=2d"      | 400    | "'duration'"
    "duration=10s"     | 400    | "'duration'"
    "gate=missing"     | 404    | "missing"
  }
}
