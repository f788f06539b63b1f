package io.tollgate.gate.fuzz

import io.micronaut.http.HttpMethod
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.micronaut.web.router.Router
import io.tollgate.gate.ApiClient
import io.tollgate.gate.UiSession
import io.tollgate.testsupport.PostgresFixture
import jakarta.inject.Inject
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Sends {@code tollgate.fuzz.requests} (default 2,000) mutated requests to every POST and PUT
 * route, on loopback, and requires that none answers 500 or more and that no error shows
 * internals. Runs on H2 (the embedded default) and on PostgreSQL, which refuses NUL in text.
 */
abstract class ApiFuzzSpec extends Specification {
  static final int PER_TARGET = Integer.getInteger("tollgate.fuzz.requests", 2000)
  static final long SEED = Long.getLong("tollgate.fuzz.seed", 20261130L)

  @Inject EmbeddedServer server
  @Inject Router router

  ApiClient api() { new ApiClient(server.URI) }

  void "every POST and PUT route answers hostile input without a 5xx or a leak"() {
    given:
    def prepared = prepare()
    def targets = FuzzTargets.all(prepared.tokens, prepared.ids, seeds())
    def fuzzer = new ApiFuzzer(server.URI, PER_TARGET)

    expect: "the fuzzer knows every write route the server has"
    routes() == targets.collect { bare(it.template) }.toSet()

    when:
    fuzzer.run(targets, SEED)
    fuzzer.write(new File("target/fuzz/${getClass().simpleName}.txt"))
    println "fuzzer (${getClass().simpleName}): ${fuzzer.sent.get()} requests\n${fuzzer.report()}"

    then:
    fuzzer.sent.get() >= PER_TARGET * targets.size() - fuzzer.findings.count { it.status < 0 }
    fuzzer.findings.isEmpty() || { throw new AssertionError(
        "${fuzzer.findings.size()} findings; the first ones:\n" + fuzzer.findings.take(15).join("\n")) }()
  }

  Set<String> routes() {
    router.uriRoutes()
        .filter { it.httpMethod in [HttpMethod.POST, HttpMethod.PUT] }
        .map { bare(it.uriMatchTemplate.toString()) }
        .collect(java.util.stream.Collectors.toSet())
  }

  static String bare(String template) { template.replaceAll(/\{\?[^}]*\}/, "") }

  Map<String, String> seeds() {
    [gate: Path.of("../docs/examples/testrun-gate.yaml").text,
     junit: resource("/testrun/surefire-rerun.xml"),
     k6: resource("/testrun/k6-handle-summary.json"),
     jmeter: resource("/testrun/jmeter-results.jtl")]
  }

  String resource(String name) { getClass().getResource(name).text }

  /** Tokens of every role, a gate, a test run with a failure, its scenario, an evaluation, a UI session. */
  Map prepare() {
    def tokens = ["sre", "pipeline", "qa", "viewer"].collectEntries { role ->
      [(role): api().post("/api/v1/tokens", ADMIN, [name: "fuzz-$role", role: role]).body.token]
    } + [admin: ADMIN]
    assert api().call("POST", "/api/v1/gates", tokens.sre, seeds().gate, "application/yaml").status in [200, 201]
    def run = api().call("POST", "/api/v1/test-runs?service=shop&suite=load", tokens.pipeline,
        seeds().junit, "application/xml")
    assert run.status == 201
    long testRun = run.body.run.id as long
    def evaluation = api().post("/api/v1/evaluations", tokens.pipeline,
        [gate: "nightly-load-test", testRuns: [testRun]])
    assert evaluation.status in [200, 201, 202]
    def scenarios = api().get("/api/v1/scenarios?environment=test", tokens.viewer)
    assert scenarios.status == 200 && scenarios.body
    def session = UiSession.signIn(server.URI, tokens.sre)
    def qa = UiSession.signIn(server.URI, tokens.qa)
    def other = UiSession.signIn(server.URI, tokens.viewer) // logged out by the fuzzer
    [tokens: tokens, ids: [testRun: testRun, evaluation: evaluation.body.id, scenario: scenarios.body[0].id,
                           cookie: session.cookie, csrf: session.csrf, logoutCookie: other.cookie, logoutCsrf: other.csrf,
                           qaCookie: qa.cookie, qaCsrf: qa.csrf]]
  }
}

@MicronautTest
class H2ApiFuzzSpec extends ApiFuzzSpec {}

@MicronautTest
class PostgresApiFuzzSpec extends ApiFuzzSpec implements TestPropertyProvider {
  @Shared PostgresFixture pg

  @Override
  Map<String, String> getProperties() {
    pg = PostgresFixture.start()
    pg.micronautProperties()
  }

  def cleanupSpec() {
    pg?.close()
  }
}
