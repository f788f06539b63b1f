package io.tollgate.gate

import io.micronaut.context.annotation.Property
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.testsupport.FreePort
import jakarta.inject.Inject
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

@MicronautTest
@Property(name = "tollgate.evaluations.poll-interval", value = "200ms")
@Property(name = "tollgate.prometheus.url", value = "http://127.0.0.1:9/")
@Property(name = "tollgate.prometheus.timeout", value = "2s")
class EvaluationApiSpec extends Specification {

  static final String PASSING_JUNIT = '<testsuite name="smoke">' +
      (1..20).collect { "<testcase classname=\"Smoke\" name=\"t$it\" time=\"0.1\"/>" }.join() + '</testsuite>'
  static final String FAST_K6 = '{"metrics": {"http_req_duration": {"avg": 120, "med": 100, "p(90)": 180, "p(95)": 210, "min": 5, "max": 900}}}'
  static final String PROM_GATE = '''apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: prometheus-only
spec:
  slis:
    - name: request_rate
      source:
        prometheus:
          query: sum(rate(http_requests_total{service="$service"}[5m]))
      criteria:
        - absolute:
            pass: "< 100"
'''
  static final String TRACES_GATE = '''apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: traces-only
spec:
  slis:
    - name: errors
      source:
        traces:
          service: $service
          measure: error_ratio
      criteria:
        - absolute:
            pass: "< 0.01"
'''

  @Inject EmbeddedServer server
  @Shared Map<String, String> tokens = [:]

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: role, role: role]).body.token }
  }

  def setup() {
    tokens.clear()
    def sre = token("sre")
    api().call("POST", "/api/v1/gates", sre, Path.of("../docs/examples/testrun-gate.yaml").text, "application/yaml")
    api().call("POST", "/api/v1/gates", sre, PROM_GATE, "application/yaml")
    api().call("POST", "/api/v1/gates", sre, TRACES_GATE, "application/yaml")
  }

  long upload(String body, String query) {
    def r = api().call("POST", "/api/v1/test-runs?$query", token("pipeline"), body, "application/octet-stream")
    assert r.status == 201
    r.body.run.id as long
  }

  Map evaluate(Map body, String query = "wait=20s", Map headers = [:]) {
    api().call("POST", "/api/v1/evaluations?$query", token("pipeline"), body, "application/json", headers)
  }

  void "a passing test run passes the documented test-run gate"() {
    given: "three earlier passing runs, which the vsHistory criterion needs (its gate fails on missing data)"
    3.times { upload(FAST_K6, "service=shop&suite=load&version=2.9.$it") }
    def junit = upload(PASSING_JUNIT, "service=shop&suite=load&version=3.0.0")
    def k6 = upload(FAST_K6, "service=shop&suite=load&version=3.0.0")

    when:
    def r = evaluate([gate: "nightly-load-test", testRuns: [junit, k6], context: [commit: "f00d"]])

    then:
    r.status == 201
    r.body.decision == "PASS"
    r.body.status == "DONE"
  }

  void "without the history its gate requires, the same run fails on missing data, never passes"() {
    given:
    def junit = upload(PASSING_JUNIT, "service=fresh&suite=load")
    def k6 = upload(FAST_K6, "service=fresh&suite=load")

    when:
    def r = evaluate([gate: "nightly-load-test", testRuns: [junit, k6]], "wait=20s&view=full")

    then:
    r.body.summary.decision == "FAIL"
    r.body.detail.slis.find { it.name == "http_p95" }.criteria.find { it.kind == "vsHistory" }.outcome == "FAIL"
  }

  void "a failing test run fails it, and the full view says which SLI and why"() {
    given:
    def junit = upload(getClass().getResource("/testrun/surefire-rerun.xml").text, "service=shop&suite=load")
    def k6 = upload(getClass().getResource("/testrun/k6-handle-summary.json").text, "service=shop&suite=load")

    when:
    def r = evaluate([gate: "nightly-load-test", testRuns: [junit, k6]], "wait=20s&view=full")
    def slis = r.body.detail.slis.collectEntries { [(it.name): it] }

    then:
    r.body.summary.decision == "FAIL"
    slis.pass_ratio.outcome == "FAIL"
    slis.pass_ratio.value == 0.5d
    slis.http_p95.value == 512.8d
    slis.http_p95.criteria.find { it.kind == "absolute" }.outcome == "FAIL"
  }

  void "a history run an SRE excludes no longer counts, and counts again when restored"() {
    given: "exactly the three earlier runs the vsHistory criterion needs"
    def earlier = (1..3).collect { upload(FAST_K6, "service=pins&suite=load") }
    def junit = upload(PASSING_JUNIT, "service=pins&suite=load")
    def k6 = upload(FAST_K6, "service=pins&suite=load")
    def body = [gate: "nightly-load-test", testRuns: [junit, k6]]

    expect:
    evaluate(body).body.decision == "PASS"

    when:
    def excluded = api().post("/api/v1/test-runs/${earlier[0]}/pin", token("sre"), [pinned: false, excluded: true])

    then:
    excluded.status == 200
    excluded.body.excluded
    evaluate(body).body.decision == "FAIL"
    api().post("/api/v1/test-runs/${earlier[0]}/pin", token("pipeline"), [pinned: false, excluded: true]).status == 403
    api().post("/api/v1/test-runs/${earlier[0]}/pin", token("sre"), [pinned: true, excluded: true]).status == 400

    when:
    api().post("/api/v1/test-runs/${earlier[0]}/pin", token("sre"), [pinned: true, excluded: false])

    then:
    evaluate(body).body.decision == "PASS"
  }

  void "a repeated idempotency key returns the same evaluation"() {
    given:
    def run = upload(PASSING_JUNIT, "service=shop&suite=idem")
    def body = [gate: "nightly-load-test", testRuns: [run]]

    when:
    def first = evaluate(body, "wait=20s", ["Idempotency-Key": "deploy-42"])
    def again = evaluate(body, "wait=20s", ["Idempotency-Key": "deploy-42"])
    def viaBody = evaluate(body + [idempotencyKey: "deploy-43"])
    def viaBodyAgain = evaluate(body + [idempotencyKey: "deploy-43"])

    then:
    first.status == 201
    again.status == 200
    again.body.id == first.body.id
    viaBodyAgain.body.id == viaBody.body.id
    viaBody.body.id != first.body.id
  }

  void "Prometheus being down makes its SLI an error and the gate does not pass"() {
    when:
    def r = evaluate([gate: "prometheus-only", target: [service: "checkout"], lookback: "15m"], "wait=30s&view=full")

    then:
    r.body.summary.status == "DONE"
    r.body.summary.decision != "PASS"
    r.body.detail.slis[0].outcome == "ERROR"
    r.body.detail.slis[0].source.error.startsWith("Prometheus")
    r.body.detail.slis[0].source.queries.current == 'sum(rate(http_requests_total{service="checkout"}[5m]))'
  }

  void "a template variable with no value is an error of its SLI for every source alike"() {
    when:
    def traces = evaluate([gate: "traces-only", target: [track: "canary"], lookback: "15m"], "wait=30s&view=full")
    def prometheus = evaluate([gate: "prometheus-only", target: [track: "canary"], lookback: "15m"], "wait=30s&view=full")

    then:
    [traces, prometheus].every { r ->
      r.body.detail.slis[0].outcome == "ERROR" &&
          r.body.detail.slis[0].source.error.contains("no value for template variable 'service'")
    }
  }

  void "label values cannot inject PromQL"() {
    when:
    def r = evaluate([gate: "prometheus-only", target: [service: 'x"} or vector(1) or {a="'], lookback: "15m"], "wait=30s&view=full")

    then:
    r.body.detail.slis[0].source.queries.current ==
        'sum(rate(http_requests_total{service="x\\"} or vector(1) or {a=\\""}[5m]))'
  }

  void "a continuous evaluation can be cancelled once, by the token that started it (embedded H2)"() {
    given:
    def started = evaluate([gate: "traces-only", target: [service: "nobody"],
                            continuous: [interval: "5s", maxDuration: "10m"]], "wait=1s")

    when:
    def cancelled = api().post("/api/v1/evaluations/${started.body.id}/cancel", token("pipeline"), [reason: "aborted"])
    def again = api().post("/api/v1/evaluations/${started.body.id}/cancel", token("pipeline"), null)
    def read = api().get("/api/v1/evaluations/${started.body.id}?wait=5s", token("pipeline"))

    then:
    cancelled.status == 200
    cancelled.body.decision == "ERROR"
    cancelled.body.status == "CANCELLED"
    again.status == 409
    read.body.decision == "ERROR"
  }

  void "with no telemetry a continuous evaluation stays pending, then ends inconclusive, never passing"() {
    when:
    def started = evaluate([gate: "traces-only", target: [service: "nobody"],
                            continuous: [interval: "5s", maxDuration: "6s"]], "wait=1s")

    then:
    started.status == 201
    started.body.decision == "PENDING"

    when:
    def done = api().get("/api/v1/evaluations/${started.body.id}?wait=30s", token("viewer"))

    then:
    done.body.status == "DONE"
    done.body.decision == "INCONCLUSIVE"
    api().get("/api/v1/evaluations/${started.body.id}?view=full", token("viewer")).body.runs >= 2
  }

  void "an SRE overrides a decision with a reason, and the pipeline sees the override"() {
    given:
    def run = upload(getClass().getResource("/testrun/surefire-rerun.xml").text, "service=shop&suite=override")
    def failed = evaluate([gate: "nightly-load-test", testRuns: [run]])
    assert failed.body.decision == "FAIL"
    // a pipeline polling the decision: it is now in this replica's read cache
    assert api().get("/api/v1/evaluations/${failed.body.id}", token("pipeline")).body.decision == "FAIL"

    when:
    def overridden = api().post("/api/v1/evaluations/${failed.body.id}/override", token("sre"),
        [outcome: "PASS", reason: "known flaky payment sandbox, INC-1234"])

    then:
    overridden.status == 200
    overridden.body.decision == "PASS"
    overridden.body.outcome == "FAIL"
    overridden.body.override.reason.contains("INC-1234")
    api().get("/api/v1/evaluations/${failed.body.id}", token("pipeline")).body.decision == "PASS"

    when:
    def cleared = api().call("DELETE", "/api/v1/evaluations/${failed.body.id}/override", token("sre"))

    then:
    cleared.body.decision == "FAIL"
    api().get("/api/v1/evaluations/${failed.body.id}", token("pipeline")).body.decision == "FAIL"
  }

  void "bad evaluation requests are refused with what is wrong"() {
    when:
    def r = evaluate(body)

    then:
    r.status == status
    r.type.startsWith("application/problem+json")
    r.body.detail.contains(says)

    where:
    body                                                                           || status | says
    [gate: "nope", target: [service: "a"], lookback: "5m"]                         || 404    | "gate 'nope'"
    [gate: "traces-only", canary: [service: "a"], lookback: "5m"]                  || 400    | "baseline"
    [gate: "traces-only", target: [service: "a"]]                                  || 400    | "give a window"
    [gate: "traces-only", target: [service: "a"], lookback: "five minutes"]        || 400    | "not a duration"
    [gate: "traces-only", target: [service: "a"], lookback: "90d"]                 || 400    | "31 days"
    [gate: "traces-only", testRuns: [987654]]                                      || 400    | "test run 987654"
    [gate: "traces-only", target: [service: "a"], continuous: [interval: "1s", maxDuration: "1m"]] || 400 | "at least 5s"
    [target: [service: "a"], lookback: "5m"]                                        || 400    | "invalid field"
  }

  void "overrides need a valid outcome and a reason"() {
    given:
    def run = upload(PASSING_JUNIT, "service=shop&suite=ov2")
    def id = evaluate([gate: "nightly-load-test", testRuns: [run]]).body.id

    expect:
    api().post("/api/v1/evaluations/$id/override", token("sre"), body).body.detail.contains(says)

    where:
    body                                  || says
    [outcome: "MAYBE", reason: "x"]       || "PASS (approve) or FAIL (block)"
    [outcome: "FAIL", reason: ""]         || "needs a reason"
    [outcome: "FAIL", reason: "x", expiresAt: "2001-01-01T00:00:00Z"] || "future"
  }

  void "roles: pipelines evaluate, SREs override, viewers read"() {
    given:
    def run = upload(PASSING_JUNIT, "service=shop&suite=roles")
    def body = [gate: "nightly-load-test", testRuns: [run]]
    def id = evaluate(body).body.id

    expect:
    api().post("/api/v1/evaluations", token(role), body).status == start
    api().post("/api/v1/evaluations/$id/override", token(role), [outcome: "PASS", reason: "r"]).status == override
    api().get("/api/v1/evaluations/$id", token(role)).status == read

    where:
    role       || start | override | read
    "pipeline" || 201   | 403      | 200
    "sre"      || 403   | 200      | 200
    "qa"       || 403   | 403      | 200
    "viewer"   || 403   | 403      | 200
    "admin"    || 201   | 200      | 200
  }
}
