package io.tollgate.gate.scenarios

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.micronaut.jdbc.DataSourceResolver
import jakarta.inject.Inject
import java.time.Instant
import javax.sql.DataSource
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Mapping and triage rules are regular expressions a QA token writes and every catalog read runs:
 * they run in linear time (RE2/J), and what needs backtracking is refused with a 422 saying why.
 */
@MicronautTest(transactional = false)
@Stepwise
class RegexSafetySpec extends Specification {
  static final String LONG = "a" * 2_000

  @Inject EmbeddedServer server
  @Inject DataSource dataSource
  @Inject DataSourceResolver resolver
  @Shared Map<String, String> tokens = [:]

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "re-$role", role: role]).body.token }
  }

  void "a pattern that needs backtracking is refused at creation, saying which construct"() {
    when:
    def r = api().post("/api/v1/scenarios/$kind", token("qa"), body + [pattern: pattern])

    then:
    r.status == 422
    r.type == "application/problem+json"
    r.body.type == "urn:tollgate:problem:unsafe-pattern"
    r.body.detail.contains(says)

    where:
    kind            | pattern          | says
    "mapping-rules" | '^(.*)*\\1X'     | "backreference"
    "triage-rules"  | '^(.*)*\\1X'     | "backreference"
    "triage-rules"  | '(?=a)a'         | "lookahead"
    "triage-rules"  | '(?<!b)a'        | "lookbehind"
    "mapping-rules" | 'a++'            | "possessive"
    "mapping-rules" | '(?>a|ab)c'      | "atomic group"
    body = kind == "mapping-rules" ? [kind: "junit", service: "svc", operation: "GET /x"] : [state: "accepted"]
  }

  void "a malformed pattern is a 400 that says it is not a regular expression"() {
    when:
    def r = api().post("/api/v1/scenarios/triage-rules", token("qa"), [pattern: "(unclosed", state: "accepted"])

    then:
    r.status == 400
    r.body.detail.startsWith("pattern is not a valid regular expression")
  }

  void "patterns that are exponential for a backtracking engine are accepted and stay fast"() {
    given: "failures whose text is a long run of one letter, the worst case for (a+)+\$ and (a|aa)*b"
    def junit = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.LongTest" tests="1" failures="1">
  <testcase name="${LONG}X" classname="com.example.LongTest" time="0.1"><failure message="${LONG}X" type="java.lang.AssertionError">${LONG}X</failure></testcase>
</testsuite>"""
    assert api().call("POST", "/api/v1/test-runs?service=svc", token("pipeline"), junit.toString(), "application/xml").status == 201

    when:
    def rules = [
      api().post("/api/v1/scenarios/mapping-rules", token("qa"), [kind: "junit", pattern: '(a+)+$', service: "svc", operation: "GET /a"]),
      api().post("/api/v1/scenarios/mapping-rules", token("qa"), [kind: "any", pattern: '(a|aa)*b', service: "svc", operation: "GET /b"]),
      api().post("/api/v1/scenarios/triage-rules", token("qa"), [pattern: '(a|aa)*b', state: "accepted"]),
      api().post("/api/v1/scenarios/triage-rules", token("qa"), [pattern: '^(a|a?)+$', state: "accepted"]),
      api().post("/api/v1/scenarios/triage-rules", token("qa"), [pattern: '(.*a){20}', state: "accepted"]),
    ]

    then:
    rules*.status == [201] * 5

    and: "a catalog read (which runs every rule over every scenario) stays under a second"
    catalogReadMillis() < 1_000
  }

  void "a pattern stored before patterns were checked matches nothing instead of stalling reads"() {
    given: "a backreference rule written straight into the table, as an older version could have"
    resolver.resolve(dataSource).connection.withCloseable { c ->
      c.prepareStatement("INSERT INTO scenario_triage_rule (pattern, environment, state, owner, ticket_url,"
          + " comment, created_by, created_at) VALUES (?, NULL, 'accepted', NULL, NULL, NULL, 'old', ?)").withCloseable {
        it.setString(1, '^(.*)*\\1X')
        it.setObject(2, java.time.OffsetDateTime.now())
        it.executeUpdate()
      }
    }

    expect:
    catalogReadMillis() < 1_000
    api().get("/api/v1/scenarios/triage-rules", token("viewer")).body.size() == 4
  }

  long catalogReadMillis() {
    assert api().get("/api/v1/scenarios", token("viewer")).status == 200 // warm
    long best = Long.MAX_VALUE
    3.times {
      long t0 = System.nanoTime()
      def r = api().get("/api/v1/scenarios", token("viewer"))
      assert r.status == 200 && r.body
      best = Math.min(best, (System.nanoTime() - t0).intdiv(1_000_000) as long)
    }
    println "catalog read with pathological rules: ${best} ms (best of 3)"
    best
  }
}
