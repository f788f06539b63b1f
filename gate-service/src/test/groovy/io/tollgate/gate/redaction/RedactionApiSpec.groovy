package io.tollgate.gate.redaction

import io.micronaut.context.annotation.Property
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.tollgate.gate.UiSession
import jakarta.inject.Inject
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * A qa or viewer token never receives a raw secret of a failure message, through the API or the
 * UI; an admin sees it only because raw-roles names admin here.
 */
@MicronautTest
@Stepwise
@Property(name = "tollgate.redaction.raw-roles", value = "admin")
class RedactionApiSpec extends Specification {
  static final List<String> SECRETS = [
      "jane.doe@example.com", "s3cr3tP4ss", "AKIAIOSFODNN7EXAMPLE", "10.2.3.4", "4111 1111 1111 1111",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"]

  static final String JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.pay.PaymentApiTest" tests="1" failures="1" errors="0">
  <testcase name="paysWithCard" classname="com.example.pay.PaymentApiTest" time="0.3">
    <failure message="Payment for jane.doe@example.com with card 4111 1111 1111 1111 failed: jdbc:postgresql://app:s3cr3tP4ss@10.2.3.4:5432/pay key AKIAIOSFODNN7EXAMPLE token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" type="java.lang.IllegalStateException">stack</failure>
  </testcase>
</testsuite>
"""

  @Inject EmbeddedServer server
  @Shared Map<String, String> tokens = [:]
  @Shared String scenarioId
  @Shared long runId

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "r-$role", role: role]).body.token }
  }

  String page(String path, String role) {
    def s = UiSession.signIn(server.URI, token(role))
    def r = api().call("GET", path, null, null, "text/plain", [Cookie: s.cookie])
    assert r.status == 200
    r.text
  }

  void "a test failure with secrets in its message becomes a scenario"() {
    when:
    def up = api().call("POST", "/api/v1/test-runs?service=pay&version=3.1.0", token("pipeline"), JUNIT, "application/xml")
    def list = api().get("/api/v1/scenarios?service=pay", ADMIN)
    scenarioId = list.body[0].id
    runId = up.body.run.id as long

    then:
    up.status == 201
    list.body.size() == 1
  }

  void "#role reads the scenario through the API without any secret, with markers in their place"() {
    when:
    def list = api().get("/api/v1/scenarios?service=pay", token(role))
    def one = api().get("/api/v1/scenarios/$scenarioId", token(role))

    then:
    list.status == 200
    one.status == 200
    SECRETS.every { !list.text.contains(it) && !one.text.contains(it) }
    one.body.scenario.example.contains("<email>")
    one.body.scenario.example.contains("app:<redacted>@<ip>:5432")
    one.body.scenario.example.contains("<card>")
    one.body.scenario.example.contains("<aws-key>")
    one.body.scenario.example.contains("token=<jwt>")

    where:
    role << ["qa", "viewer", "sre"]
  }

  void "#role reads the scenario pages without any secret"() {
    when:
    def list = page("/ui/scenarios?service=pay", role)
    def one = page("/ui/scenarios/$scenarioId", role)

    then:
    SECRETS.every { !list.contains(it) && !one.contains(it) }
    one.contains("&lt;email&gt;")

    where:
    role << ["qa", "viewer"]
  }

  void "#role reads the test run through the API and its page without any secret"() {
    when:
    def api = api().get("/api/v1/test-runs/$runId?cases=all", token(role))
    def html = role == "pipeline" ? "" : page("/ui/test-runs/$runId", role)

    then:
    api.status == 200
    api.body.cases.any { it.failureMessage?.contains("<email>") }
    SECRETS.every { !api.text.contains(it) && !html.contains(it) }

    where:
    role << ["qa", "viewer", "pipeline"]
  }

  void "an admin, named in raw-roles, sees the raw message"() {
    expect:
    api().get("/api/v1/scenarios/$scenarioId", ADMIN).body.scenario.example.contains("jane.doe@example.com")
    page("/ui/scenarios/$scenarioId", "admin").contains("jane.doe@example.com")
  }
}
