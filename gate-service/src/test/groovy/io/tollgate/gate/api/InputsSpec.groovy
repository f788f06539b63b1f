package io.tollgate.gate.api

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.tollgate.gate.evaluation.EvaluationRequest
import jakarta.inject.Inject
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

@MicronautTest
class InputsSpec extends Specification {

  @Inject EmbeddedServer server

  /** A real bound body: the evaluation request, with nested records, lists and maps. */
  static EvaluationRequest request(Map m) {
    new EvaluationRequest(m.gate ?: "canary-gate", null, m.canary, null, null, null, null, null,
        m.continuous, m.testRuns, null, m.context, m.key)
  }

  void "the first NUL anywhere in a bound body is named by its JSON pointer"() {
    expect:
    Inputs.nulAt(body) == pointer

    where:
    body                                                                     || pointer
    request(canary: [track: "canary"], context: [canaryWeight: "25"])        || null
    null                                                                     || null
    "a\u0000b"                                                               || "/"
    request(gate: "a\u0000")                                                 || "/gate"
    request(key: "k\u0000")                                                  || "/idempotencyKey"
    request(context: [pipeline: "x", canaryWeight: "2\u00005"])              || "/context/canaryWeight"
    request(canary: ["a/b~c": "v\u0000"])                                    || "/canary/a~1b~0c"
    request(canary: ["k\u0000ey": "v"])                                      || "/canary/k?ey"
    request(continuous: new EvaluationRequest.Continuous("30s", "1\u0000m", null)) || "/continuous/maxDuration"
    ["a", "b", "c\u0000"]                                                    || "/2"
  }

  void "a NUL in a document is placed by line and column"() {
    when:
    Inputs.noNulInDocument("the gate document", "a: 1\nb: x\u0000y\n")

    then:
    def e = thrown(ProblemException)
    e.type() == ProblemType.NUL_CHARACTER
    e.issues()[0].line() == 2
    e.issues()[0].column() == 5
  }

  void "documents without NUL pass, in text and in bytes"() {
    when:
    Inputs.noNulInDocument("the file", "a\nb".bytes)
    Inputs.noNulInDocument("the file", "a\nb")

    then:
    noExceptionThrown()
  }

  void "routes refuse NUL in a body with a 400 that names the field, before writing anything"() {
    given:
    def api = new ApiClient(server.URI)

    when:
    def token = api.post("/api/v1/tokens", ADMIN, [name: "ci\u0000bot", role: "viewer"])
    def rule = api.post("/api/v1/scenarios/triage-rules", ADMIN,
        [pattern: "Timeout", state: "known", owner: "team\u0000a"])
    def tokens = api.get("/api/v1/tokens", ADMIN)

    then:
    token.status == 400
    token.body.type == "urn:tollgate:problem:nul-character"
    token.body.errors*.pointer == ["/name"]
    rule.status == 400
    rule.body.errors*.pointer == ["/owner"]
    !tokens.body.any { it.name?.startsWith("ci") }
  }
}
