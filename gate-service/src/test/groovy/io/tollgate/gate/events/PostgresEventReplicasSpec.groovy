package io.tollgate.gate.events

import io.micronaut.context.ApplicationContext
import io.micronaut.runtime.server.EmbeddedServer
import io.tollgate.gate.ApiClient
import io.tollgate.testsupport.PostgresFixture
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Two replicas on one PostgreSQL database dispatch the same outbox: every delivery is claimed by
 * one of them at a time (FOR UPDATE SKIP LOCKED and a lease), so each event reaches the webhook
 * once and each delivery is one attempt.
 */
class PostgresEventReplicasSpec extends Specification {
  static final String GATE = '''apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: replicas-smoke
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
  static final String JUNIT = '<testsuite name="s"><testcase classname="A" name="a"><failure message="x"/></testcase></testsuite>'

  @Shared @AutoCleanup PostgresFixture pg = PostgresFixture.start()
  @Shared @AutoCleanup Loopback hooks = new Loopback()
  @Shared @AutoCleanup EmbeddedServer a
  @Shared @AutoCleanup EmbeddedServer b

  def setupSpec() {
    // a slow receiver widens the window in which the other replica could take a row twice
    hooks.holdFirst["/hook"] = 150L
    def props = pg.micronautProperties() + [
        "micronaut.server.port"               : "-1",
        "tollgate.security.admin-token"       : ADMIN,
        "tollgate.evaluations.poll-interval"  : "100ms",
        "tollgate.events.poll-interval"       : "20ms",
        "tollgate.events.batch-size"          : "2",
        "tollgate.events.webhooks[0].name"    : "hook",
        "tollgate.events.webhooks[0].url"     : hooks.uri("/hook").toString(),
        "tollgate.events.webhooks[0].timeout" : "5s"]
    a = ApplicationContext.run(EmbeddedServer, props as Map<String, Object>, "test")
    b = ApplicationContext.run(EmbeddedServer, props as Map<String, Object>, "test")
  }

  void "each event reaches the webhook once while two replicas dispatch"() {
    given:
    def api = new ApiClient(a.URI)
    def sre = api.post("/api/v1/tokens", ADMIN, [name: "sre", role: "sre"]).body.token
    def pipeline = api.post("/api/v1/tokens", ADMIN, [name: "pipeline", role: "pipeline"]).body.token
    assert api.call("POST", "/api/v1/gates", sre, GATE, "application/yaml").status in [200, 201]

    when: "twelve decisions"
    List<Long> ids = (1..12).collect { n ->
      def run = api.call("POST", "/api/v1/test-runs?service=s$n", pipeline, JUNIT, "application/xml").body.run.id
      def started = api.post("/api/v1/evaluations", pipeline, [gate: "replicas-smoke", testRuns: [run]])
      assert started.status == 201
      started.body.id as long
    }
    new PollingConditions(timeout: 30).eventually {
      assert ids.every { id -> log(api, sre, id)*.status == ["DELIVERED"] }
    }
    def rows = ids.collectMany { log(api, sre, it) }
    def received = hooks.at("/hook").groupBy { it.eventId }

    then: "one request per event, one attempt per delivery"
    rows.size() == 12
    rows.every { it.attempts == 1 }
    received.keySet() == rows*.eventId.toSet()
    received.values().every { it.size() == 1 }

    and: "the replicas' counters add up to one delivery per event"
    def split = [a, b].collect { delivered(it) }
    System.err.println("deliveries per replica: $split")
    split.sum() == 12

    and: "the delivery log reads the same on either replica"
    new ApiClient(b.URI).get("/api/v1/deliveries?evaluation=${ids[0]}", sre).body == log(api, sre, ids[0])
  }

  static long delivered(EmbeddedServer server) {
    def text = new ApiClient(server.URI).get("/metrics").text
    def m = text =~ /(?m)^tollgate_event_deliveries_total\{destination="webhook:hook",result="delivered"\} ([0-9.]+)/
    m.find() ? (m.group(1) as double) as long : 0
  }

  static List<Map> log(ApiClient api, String token, long id) {
    api.get("/api/v1/deliveries?evaluation=$id", token).body as List<Map>
  }
}
