package io.tollgate.gate.scenarios

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import jakarta.inject.Inject
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The scenario API over test runs uploaded through the API: test scenarios, mapping and triage
 * rules, triage, roles and problem+json errors.
 */
@MicronautTest
@Stepwise
class ScenarioApiSpec extends Specification {

  @Inject EmbeddedServer server
  @Shared Map<String, String> tokens = [:]

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "api-$role", role: role]).body.token }
  }

  static final String JMETER = """timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect
1763719200000,100,GET /cart,200,OK,"TG 1-1",text,true,,512,128,5,5,http://shop.local/cart,95,0,3
1763719200010,2003,POST /checkout,503,Service Unavailable,"TG 1-2",text,false,"Response code was 503, expected 200",512,128,5,5,http://shop.local/checkout,196,0,3
1763719200020,2100,POST /checkout,503,Service Unavailable,"TG 1-3",text,false,"Response code was 503, expected 200",512,128,5,5,http://shop.local/checkout,196,0,3
1763719200030,30001,POST /checkout,Non HTTP response code: java.net.SocketTimeoutException,Non HTTP response message: Read timed out,"TG 1-4",text,false,,0,128,5,5,http://shop.local/checkout,0,0,3
"""

  static final String JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.cart.CartApiTest" tests="2" failures="1" errors="0">
  <testcase name="addsItem" classname="com.example.cart.CartApiTest" time="0.2"/>
  <testcase name="rejectsUnknownSku" classname="com.example.cart.CartApiTest" time="0.3">
    <failure message="Expected status code &lt;404&gt; but was &lt;500&gt;." type="java.lang.AssertionError">java.lang.AssertionError: 1 expectation failed.</failure>
  </testcase>
</testsuite>
"""

  void "test failures become test scenarios, grouped by signature, with JMeter labels as operations"() {
    when:
    assert api().call("POST", "/api/v1/test-runs?service=checkout&version=1.4.2", token("pipeline"), JMETER, "text/csv").status == 201
    def list = api().get("/api/v1/scenarios?environment=test", token("viewer"))

    then:
    list.status == 200
    def byClass = list.body.collectEntries { [(it.errorClass): it] }
    byClass.keySet() == ["HTTP 503", "Non HTTP response code: java.net.SocketTimeoutException"] as Set
    byClass["HTTP 503"].operation == "POST /checkout"
    byClass["HTTP 503"].failures == 2
    byClass["HTTP 503"].example == "Response code was 503, expected 200"
    byClass["HTTP 503"].introducedIn == "1.4.2"
    byClass["HTTP 503"].coverage == "TEST"
    byClass["HTTP 503"].covering*.key == ["POST /checkout"]
    byClass["HTTP 503"].id ==~ /test-[0-9a-f]{32}/
  }

  void "a JUnit class is linked to its route by a mapping rule"() {
    when:
    assert api().call("POST", "/api/v1/test-runs?service=cart&version=2.0.0", token("pipeline"), JUNIT, "application/xml").status == 201
    def before = api().get("/api/v1/scenarios?service=cart", token("qa")).body
    def rule = api().post("/api/v1/scenarios/mapping-rules", token("qa"),
        [kind: "junit", pattern: "CartApiTest\\.rejectsUnknownSku", service: "cart", operation: "GET /cart/items/{sku}"])
    def after = api().get("/api/v1/scenarios?service=cart", token("qa")).body

    then:
    before*.operation == ["com.example.cart.CartApiTest.rejectsUnknownSku"]
    rule.status == 201
    rule.body.kind == "junit"
    after*.operation == ["GET /cart/items/{sku}"]
    after*.errorClass == ["java.lang.AssertionError"]
    api().get("/api/v1/scenarios/mapping-rules", token("viewer")).body*.operation == ["GET /cart/items/{sku}"]
  }

  void "QA triages a scenario; the triage is kept and shown"() {
    given:
    def id = api().get("/api/v1/scenarios?service=cart", token("qa")).body[0].id

    when:
    def r = api().call("PUT", "/api/v1/scenarios/$id/triage", token("qa"),
        [state: "test_bug", owner: "qa-cart", ticketUrl: "https://jira.example.com/browse/CART-12", comment: "SKU fixture missing"])

    then:
    r.status == 200
    r.body.scenario.triage.state == "TEST_BUG"
    r.body.scenario.triage.owner == "qa-cart"
    api().get("/api/v1/scenarios?triage=test_bug", token("viewer")).body*.id == [id]
  }

  void "concurrent triages of one scenario all succeed and the last write wins"() {
    given:
    def id = api().get("/api/v1/scenarios?service=cart", token("qa")).body[0].id
    def qa = token("qa")
    def pool = java.util.concurrent.Executors.newFixedThreadPool(8)

    when: "16 writers triage the same scenario at once"
    def statuses = (1..16).collect { n ->
      pool.submit({
        api().call("PUT", "/api/v1/scenarios/$id/triage", qa, [state: "test_bug", owner: "writer-$n"]).status
      } as java.util.concurrent.Callable)
    }*.get()
    pool.shutdown()
    def owner = api().get("/api/v1/scenarios/$id", token("viewer")).body.scenario.triage.owner

    then:
    statuses.every { it == 200 }
    owner in (1..16).collect { "writer-$it".toString() }
  }

  void "a triage rule triages matching scenarios, now and later"() {
    when:
    def rule = api().post("/api/v1/scenarios/triage-rules", token("qa"),
        [pattern: "^checkout POST /checkout Non HTTP response code", state: "system_issue", owner: "sre-network",
         comment: "load generator timeouts"])
    def timeouts = api().get("/api/v1/scenarios?service=checkout", token("viewer")).body
        .find { it.errorClass.startsWith("Non HTTP") }

    then:
    rule.status == 201
    timeouts.triage.state == "SYSTEM_ISSUE"
    timeouts.triage.ruleId == rule.body.id
    api().get("/api/v1/scenarios?service=checkout", token("viewer")).body
        .find { it.errorClass == "HTTP 503" }.triage == null
  }

  void "#role may #what: #status"() {
    expect:
    api().call(method, path, role ? token(role) : null, body).status == status

    where:
    role       | method | path                                   | body                                                  || status
    null       | "GET"  | "/api/v1/scenarios"                    | null                                                  || 401
    "pipeline" | "GET"  | "/api/v1/scenarios"                    | null                                                  || 403
    "viewer"   | "GET"  | "/api/v1/scenarios"                    | null                                                  || 200
    "viewer"   | "POST" | "/api/v1/scenarios/triage-rules"       | [pattern: "x", state: "accepted"]                     || 403
    "sre"      | "POST" | "/api/v1/scenarios/mapping-rules"      | [pattern: "x", service: "s", operation: "GET /"]      || 403
    "qa"       | "GET"  | "/api/v1/scenarios/test-${'0' * 32}"   | null                                                  || 404
    "qa"       | "GET"  | "/api/v1/scenarios/not-an-id"          | null                                                  || 404

    what = "$method ${path.take(40)}"
  }

  void "the web UI's session cookie is not accepted by the API"() {
    expect:
    api().call("GET", "/api/v1/scenarios", null, null, "application/json",
        [Cookie: "tollgate_session=${token("qa")}"]).status == 401
  }

  void "bad input is a problem+json with the reason: #why"() {
    when:
    def r = api().call(method, path, token("qa"), body)

    then:
    r.status == 400
    r.type.startsWith("application/problem+json")
    r.body.detail.contains(detail)

    where:
    why                   | method | path                                                     | body                                                      || detail
    "unknown state"       | "POST" | "/api/v1/scenarios/triage-rules"                         | [pattern: "x", state: "wontfix"]                          || "state must be one of"
    "broken regex"        | "POST" | "/api/v1/scenarios/triage-rules"                         | [pattern: "(unclosed", state: "accepted"]                 || "not a valid regular expression"
    "ticket not a URL"    | "POST" | "/api/v1/scenarios/triage-rules"                         | [pattern: "x", state: "accepted", ticketUrl: "javascript:alert(1)"] || "ticketUrl must be an http(s) URL"
    "unknown kind"        | "POST" | "/api/v1/scenarios/mapping-rules"                        | [kind: "cypress", pattern: "x", service: "s", operation: "o"] || "kind must be"
    "unknown environment" | "GET"  | "/api/v1/scenarios?environment=staging"                  | null                                                      || "environment must be"
    "unknown coverage"    | "GET"  | "/api/v1/scenarios?coverage=most"                        | null                                                      || "coverage must be"
  }

  void "rules can be deleted, and deleting twice is a 404"() {
    given:
    def id = api().get("/api/v1/scenarios/triage-rules", token("qa")).body[0].id

    expect:
    api().delete("/api/v1/scenarios/triage-rules/$id", token("qa")).status == 204
    api().delete("/api/v1/scenarios/triage-rules/$id", token("qa")).status == 404
    api().get("/api/v1/scenarios?service=checkout", token("viewer")).body
        .find { it.errorClass.startsWith("Non HTTP") }.triage == null
  }
}
