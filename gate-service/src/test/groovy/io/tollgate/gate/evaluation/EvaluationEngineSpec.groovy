package io.tollgate.gate.evaluation

import io.micronaut.context.ApplicationContext
import io.micronaut.context.annotation.Property
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.ApiClient
import io.tollgate.rules.model.Outcome
import io.tollgate.testsupport.PostgresFixture
import jakarta.inject.Inject
import java.nio.file.Path
import java.time.Instant
import java.util.concurrent.CompletableFuture
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/** The evaluation engine on real PostgreSQL: scoped idempotency, quotas, cancel, fencing, limits. */
@MicronautTest
@Property(name = "tollgate.evaluations.poll-interval", value = "200ms")
@Property(name = "tollgate.evaluations.max-active-per-token", value = "3")
@Property(name = "tollgate.evaluations.max-long-polls-per-token", value = "2")
class EvaluationEngineSpec extends Specification implements TestPropertyProvider {

  static final String PASSING_JUNIT = '<testsuite name="smoke">' +
      (1..20).collect { "<testcase classname=\"Smoke\" name=\"t$it\" time=\"0.1\"/>" }.join() + '</testsuite>'
  static final String FAILING_JUNIT = '<testsuite name="smoke">' +
      (1..20).collect { "<testcase classname=\"Smoke\" name=\"t$it\" time=\"0.1\"><failure message=\"x\"/></testcase>" }.join() + '</testsuite>'
  static final String TRACES_GATE = '''apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: watch-errors
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
  static final String SMOKE_GATE = '''apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: smoke
spec:
  slis:
    - name: pass_ratio
      source:
        testrun:
          measure: pass_ratio
      criteria:
        - absolute:
            pass: ">= 0.99"
'''

  @Shared PostgresFixture pg
  @Inject EmbeddedServer server
  @Inject JobStore jobs
  @Inject OverrideStore overrides

  @Override
  Map<String, String> getProperties() {
    pg = PostgresFixture.start()
    pg.micronautProperties()
  }

  def cleanupSpec() {
    pg?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  Map token(String name, String role) {
    def r = api().post("/api/v1/tokens", ADMIN, [name: name, role: role])
    assert r.status == 201
    [token: r.body.token, id: r.body.info.id]
  }

  def setup() {
    def sre = token("sre-${UUID.randomUUID()}", "sre").token
    api().call("POST", "/api/v1/gates", sre, Path.of("../docs/examples/testrun-gate.yaml").text, "application/yaml")
    api().call("POST", "/api/v1/gates", sre, TRACES_GATE, "application/yaml")
    api().call("POST", "/api/v1/gates", sre, SMOKE_GATE, "application/yaml")
  }

  long upload(String token, String body) {
    def r = api().call("POST", "/api/v1/test-runs?service=shop&suite=s${UUID.randomUUID()}", token, body, "application/octet-stream")
    assert r.status == 201
    r.body.run.id as long
  }

  Map continuous(String token, String interval = "5s") {
    api().call("POST", "/api/v1/evaluations", token,
        [gate: "watch-errors", target: [service: "quiet"], continuous: [interval: interval, maxDuration: interval == "1h" ? "2h" : "10m"]])
  }

  long count(String sql, Object... params) {
    pg.connect().withCloseable { c ->
      def s = c.prepareStatement(sql)
      params.eachWithIndex { p, i -> s.setObject(i + 1, p) }
      def r = s.executeQuery()
      r.next()
      r.getLong(1)
    }
  }

  void "a key another token registered on another gate never answers with that gate's decision"() {
    given: "an attacker's token registers a predictable Argo key on a gate that passes"
    def attacker = token("attacker", "pipeline").token
    def victim = token("victim", "pipeline").token
    def passing = upload(attacker, PASSING_JUNIT)
    def failing = upload(victim, FAILING_JUNIT)
    def planted = api().call("POST", "/api/v1/evaluations?wait=20s", attacker,
        [gate: "smoke", testRuns: [passing], idempotencyKey: "checkout-7"])

    when: "the victim's Argo measurement uses the same key for its own gate"
    def measured = api().post("/api/v1/integrations/argo/measure", victim,
        [gate: "smoke", testRuns: [failing], idempotencyKey: "checkout-7"])
    def polled = new PollingConditions(timeout: 20, delay: 0.2)
    polled.eventually {
      assert api().get("/api/v1/evaluations/${measured.body.evaluationId}", victim).body.decision != "PENDING"
    }
    def own = api().get("/api/v1/evaluations/${measured.body.evaluationId}", victim)

    and: "the attacker's token reuses its own key with a different request"
    def reused = api().call("POST", "/api/v1/evaluations", attacker,
        [gate: "smoke", testRuns: [failing], idempotencyKey: "checkout-7"])

    then: "the victim got a fresh evaluation of its own request, which fails"
    planted.body.decision == "PASS"
    measured.status == 200
    measured.body.evaluationId != planted.body.id
    own.body.gate == "smoke"
    own.body.decision == "FAIL"

    and: "the same key with another request is a conflict"
    reused.status == 409
    reused.type.startsWith("application/problem+json")
    reused.body.type == "urn:tollgate:problem:idempotency-conflict"
  }

  void "the same key and request from the same token is one evaluation, per gate"() {
    given:
    def t = token("repeat", "pipeline").token
    def run = upload(t, PASSING_JUNIT)

    when:
    def first = api().call("POST", "/api/v1/evaluations", t, [gate: "smoke", testRuns: [run]], "application/json", ["Idempotency-Key": "k1"])
    def again = api().call("POST", "/api/v1/evaluations", t, [testRuns: [run], gate: "smoke"], "application/json", ["Idempotency-Key": "k1"])
    def otherGate = api().call("POST", "/api/v1/evaluations", t, [gate: "nightly-load-test", testRuns: [run]], "application/json", ["Idempotency-Key": "k1"])

    then:
    first.status == 201
    again.status == 200
    again.body.id == first.body.id
    otherGate.status == 201
    otherGate.body.id != first.body.id
  }

  void "one token is refused past its quota while another team's evaluation is decided at once"() {
    given:
    def busy = token("busy", "pipeline").token
    def other = token("other-team", "pipeline").token
    def run = upload(other, PASSING_JUNIT)

    when: "the busy token starts continuous evaluations until refused"
    def started = []
    def refused = null
    for (int i = 0; i < 10 && refused == null; i++) {
      def r = continuous(busy)
      if (r.status == 429) refused = r else started << r.body.id
    }
    long t0 = System.nanoTime()
    def decided = api().call("POST", "/api/v1/evaluations?wait=10s", other, [gate: "smoke", testRuns: [run]])
    double seconds = (System.nanoTime() - t0) / 1e9

    then:
    started.size() == 3
    refused.status == 429
    refused.type.startsWith("application/problem+json")
    refused.body.type == "urn:tollgate:problem:quota-exceeded"
    refused.headers["retry-after"] == ["30"]
    decided.body.decision == "PASS"
    seconds < 2

    cleanup:
    started.each { api().post("/api/v1/evaluations/$it/cancel", busy, [reason: "test over"]) }
  }

  void "a cancelled evaluation stops within one interval, and only its token, sre or admin may cancel"() {
    given:
    def owner = token("owner", "pipeline").token
    def stranger = token("stranger", "pipeline").token
    def sre = token("cancelling-sre", "sre").token
    long id = continuous(owner).body.id
    long id2 = continuous(owner).body.id
    new PollingConditions(timeout: 10, delay: 0.1).eventually {
      assert count("SELECT count(*) FROM evaluation_step WHERE evaluation_id = ?", id) >= 1
    }

    when:
    def forbidden = api().post("/api/v1/evaluations/$id/cancel", stranger, [reason: "not mine"])
    def cancelled = api().post("/api/v1/evaluations/$id/cancel", owner, [reason: "rollout aborted"])
    long steps = count("SELECT count(*) FROM evaluation_step WHERE evaluation_id = ?", id)
    def bySre = api().post("/api/v1/evaluations/$id2/cancel", sre, null)
    def twice = api().post("/api/v1/evaluations/$id/cancel", owner, [reason: "again"])
    Thread.sleep(6_000) // one interval (5 s) and a bit: no further step may be recorded

    then:
    forbidden.status == 403
    cancelled.status == 200
    cancelled.body.decision == "ERROR"
    bySre.status == 200
    twice.status == 409
    count("SELECT count(*) FROM evaluation_step WHERE evaluation_id = ?", id) == steps
    count("SELECT count(*) FROM evaluation_job WHERE evaluation_id = ? AND status = 'CANCELLED'", id) == 1
    count("SELECT count(*) FROM audit_log WHERE action = 'evaluation.cancel' AND subject = ?", "evaluation/$id".toString()) == 1
  }

  void "overrides are kept as history: the latest one is in force, and clearing one is recorded"() {
    given:
    def pipeline = token("overridden", "pipeline").token
    def sre = token("overriding-sre", "sre").token
    long id = api().call("POST", "/api/v1/evaluations?wait=20s", pipeline,
        [gate: "smoke", testRuns: [upload(pipeline, FAILING_JUNIT)]]).body.id as long

    when:
    def approved = api().post("/api/v1/evaluations/$id/override", sre, [outcome: "PASS", reason: "flaky, INC-1"])
    def blocked = api().post("/api/v1/evaluations/$id/override", sre, [outcome: "FAIL", reason: "not so fast"])
    def cleared = api().call("DELETE", "/api/v1/evaluations/$id/override", sre)
    def clearedAgain = api().call("DELETE", "/api/v1/evaluations/$id/override", sre)

    then: "each answer shows the override in force, in the documented shape"
    approved.body.decision == "PASS"
    approved.body.override == [outcome: "PASS", reason: "flaky, INC-1", by: "overriding-sre", active: true]
    blocked.body.decision == "FAIL"
    blocked.body.override.reason == "not so fast"
    cleared.body.decision == "FAIL"
    cleared.body.override == null
    clearedAgain.status == 200

    and: "the history holds both overrides and one clearing, oldest first"
    overrides.history(id).collect { [it.outcome()?.name(), it.reason(), it.by()] } == [
        ["PASS", "flaky, INC-1", "overriding-sre"],
        ["FAIL", "not so fast", "overriding-sre"],
        [null, null, "overriding-sre"]]
  }

  void "revoking a token cancels its running evaluations"() {
    given:
    def t = token("to-revoke", "pipeline")
    long id = continuous(t.token).body.id

    when:
    assert api().delete("/api/v1/tokens/${t.id}", ADMIN).status in [200, 204]

    then:
    new PollingConditions(timeout: 7, delay: 0.2).eventually {
      assert count("SELECT count(*) FROM evaluation_job WHERE evaluation_id = ? AND status = 'CANCELLED'", id) == 1
    }
  }

  void "a step whose claim was taken over writes nothing, and each step is recorded once"() {
    given: "a job claimed by a replica whose claim then expires and is taken over"
    def t = token("fenced", "pipeline").token
    long id = continuous(t, "1h").body.id
    // let the runner record the first step; the next is due in an hour, so only this spec claims it
    new PollingConditions(timeout: 10, delay: 0.1).eventually {
      assert count("SELECT runs FROM evaluation_job WHERE evaluation_id = ?", id) == 1
    }
    // replica A claims it; A's claim expires (it stalls) and replica B takes the job over
    def later = Instant.now().plusSeconds(7200)
    def a = jobs.claim(later, 1000, "replica-a", later.plusSeconds(60)).find { it.id() == id }
    def b = jobs.claim(later.plusSeconds(120), 1000, "replica-b", later.plusSeconds(600)).find { it.id() == id }

    when:
    def write = new JobStore.StepWrite(EvaluationStatus.PENDING, Outcome.INCONCLUSIVE, null, "r", null,
        Instant.now(), null, Instant.now().plusSeconds(3600), Instant.now())
    def stale = new JobStore.StepWrite(EvaluationStatus.DONE, Outcome.PASS, null, "stale", null,
        Instant.now(), Instant.now(), Instant.now(), Instant.now())
    boolean aRenewed = jobs.renew(a, Instant.now().plusSeconds(60))
    boolean aWrote = jobs.record(a, "replica-a", stale)
    boolean bWrote = jobs.record(b, "replica-b", write)

    then:
    a != null && b != null
    b.version() == a.version() + 1
    !aRenewed
    !aWrote
    bWrote
    count("SELECT count(*) FROM evaluation_step WHERE evaluation_id = ?", id) == 2
    count("SELECT count(*) FROM evaluation_step WHERE evaluation_id = ? AND node = 'replica-a'", id) == 0
    count("SELECT count(*) FROM evaluation_decision WHERE evaluation_id = ? AND reason = 'stale'", id) == 0
    count("SELECT count(*) FROM evaluation_job WHERE evaluation_id = ? AND status = 'PENDING'", id) == 1

    cleanup:
    api().post("/api/v1/evaluations/$id/cancel", t, null)
  }

  void "a replica shutting down releases its claims: others take the jobs at once, its steps write nothing"() {
    given: "a job claimed by a replica"
    def t = token("released", "pipeline").token
    long id = continuous(t, "1h").body.id
    new PollingConditions(timeout: 10, delay: 0.1).eventually {
      assert count("SELECT runs FROM evaluation_job WHERE evaluation_id = ?", id) == 1
    }
    def later = Instant.now().plusSeconds(7200)
    def held = jobs.claim(later, 1000, "stopping-replica", later.plusSeconds(600)).find { it.id() == id }

    when: "it shuts down"
    int released = jobs.release("stopping-replica")
    def write = new JobStore.StepWrite(EvaluationStatus.PENDING, Outcome.INCONCLUSIVE, null, "r", null,
        Instant.now(), null, Instant.now().plusSeconds(3600), Instant.now())
    boolean late = jobs.record(held, "stopping-replica", write)
    def next = jobs.claim(later, 1000, "other-replica", later.plusSeconds(60)).find { it.id() == id }

    then: "the job is free at once (not after its claim would have expired), and the late write is dropped"
    released >= 1
    !late
    next != null
    next.version() > held.version()
    count("SELECT count(*) FROM evaluation_step WHERE evaluation_id = ?", id) == 1

    cleanup:
    api().post("/api/v1/evaluations/$id/cancel", t, null)
  }

  void "invalid inputs are 400 problems naming the field, and nothing is written"() {
    given:
    def t = token("limits-$field-${UUID.randomUUID()}", "pipeline").token
    long before = count("SELECT count(*) FROM evaluation")

    when:
    def r = api().call("POST", "/api/v1/evaluations", t, body, "application/json", headers)

    then:
    r.status == 400
    r.type.startsWith("application/problem+json")
    r.text.contains(field)
    !r.text.toLowerCase().contains("exception")
    count("SELECT count(*) FROM evaluation") == before

    where:
    field                  | headers                                   | body
    "lookback"             | [:]                                       | [gate: "smoke", target: [service: "a"], lookback: "PT9223372036854775807S"]
    "lookback"             | [:]                                       | [gate: "smoke", target: [service: "a"], lookback: "99999999999999999999d"]
    "continuous"           | [:]                                       | [gate: "smoke", target: [service: "a"], continuous: [interval: "PT9223372036854775807S", maxDuration: "1h"]]
    "testRuns"             | [:]                                       | [gate: "smoke", testRuns: [null]]
    "testRuns"             | [:]                                       | [gate: "smoke", testRuns: [-1]]
    "context"              | [:]                                       | [gate: "smoke", target: [service: "a"], lookback: "5m", context: [commit: "x" * 5000]]
    "context"              | [:]                                       | [gate: "smoke", target: [service: "a"], lookback: "5m", context: [pipeline: null]]
    "target"               | [:]                                       | [gate: "smoke", target: [("k" * 300): "v"], lookback: "5m"]
    "variables"            | [:]                                       | [gate: "smoke", target: [service: "a"], lookback: "5m", variables: [v: "x" * 5000]]
    "idempotencyKey"       | [:]                                       | [gate: "smoke", target: [service: "a"], lookback: "5m", idempotencyKey: "k" * 300]
    "Idempotency-Key"      | ["Idempotency-Key": "k" * 300]            | [gate: "smoke", target: [service: "a"], lookback: "5m"]
    "start"                | [:]                                       | [gate: "smoke", target: [service: "a"], start: "+100000-01-01T00:00:00Z", end: "+100001-01-01T00:00:00Z"]
    "gate"                 | [:]                                       | [gate: "g" * 300, target: [service: "a"], lookback: "5m"]
  }

  void "override and cancel inputs are checked too"() {
    given:
    def sre = token("limits-sre", "sre").token
    def t = token("limits-owner", "pipeline").token
    long id = continuous(t).body.id

    expect:
    api().post("/api/v1/evaluations/$id/override", sre, [outcome: "PASS", reason: "r" * 3000]).status == 400
    api().post("/api/v1/evaluations/$id/override", sre, [outcome: "PASS", reason: "ok", expiresAt: "+100000-01-01T00:00:00Z"]).status == 400
    api().post("/api/v1/evaluations/$id/cancel", t, [reason: "r" * 3000]).status == 400
    api().post("/api/v1/evaluations/$id/cancel", t, [reason: "done"]).status == 200
  }

  void "a long-poll on one replica is woken at once by an override on another (LISTEN/NOTIFY)"() {
    given: "a second replica on the same database"
    def props = pg.micronautProperties() + ["micronaut.server.port": "-1", "tollgate.security.admin-token": ADMIN,
                                            "tollgate.evaluations.poll-interval": "200ms"]
    EmbeddedServer other = ApplicationContext.run(EmbeddedServer, props as Map<String, Object>, "test")
    def t = token("poller", "pipeline").token
    def sre = token("overrider", "sre").token
    long id = continuous(t, "1h").body.id

    when: "a pipeline long-polls on replica B, and an SRE approves on replica A"
    def poll = CompletableFuture.supplyAsync {
      new ApiClient(other.URI).get("/api/v1/evaluations/$id?wait=30s", t)
    }
    Thread.sleep(1_000)
    long t0 = System.nanoTime()
    assert api().post("/api/v1/evaluations/$id/override", sre, [outcome: "PASS", reason: "approved"]).status == 200
    def answer = poll.get()
    double seconds = (System.nanoTime() - t0) / 1e9

    then:
    answer.body.decision == "PASS"
    seconds < 1

    cleanup:
    api().post("/api/v1/evaluations/$id/cancel", t, null)
    other?.close()
  }

  void "long-polls are capped per token"() {
    given:
    def t = token("many-polls", "pipeline").token
    long id = continuous(t, "1h").body.id

    when:
    def polls = (1..2).collect { CompletableFuture.supplyAsync { api().get("/api/v1/evaluations/$id?wait=3s", t) } }
    Thread.sleep(500)
    def third = api().get("/api/v1/evaluations/$id?wait=3s", t)

    then:
    third.status == 429
    third.headers["retry-after"] != null
    polls*.get()*.status == [200, 200]

    cleanup:
    api().post("/api/v1/evaluations/$id/cancel", t, null)
  }
}
