package io.tollgate.gate.evaluation

import io.micronaut.context.annotation.Property
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import jakarta.inject.Inject
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

/** The per-gate quota holds across tokens; a cancel frees a place at once (embedded H2). */
@MicronautTest
@Property(name = "tollgate.evaluations.max-active-per-gate", value = "2")
@Property(name = "tollgate.evaluations.retry-after", value = "7s")
class EvaluationQuotaSpec extends Specification {
  static final String GATE = '''apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: busy-gate
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

  ApiClient api() { new ApiClient(server.URI) }

  String token(String name, String role) {
    api().post("/api/v1/tokens", ADMIN, [name: name, role: role]).body.token
  }

  Map start(String token) {
    api().post("/api/v1/evaluations", token,
        [gate: "busy-gate", target: [service: "s"], continuous: [interval: "5s", maxDuration: "10m"]])
  }

  void "a gate's running evaluations are capped whichever token starts them"() {
    given:
    api().call("POST", "/api/v1/gates", token("sre", "sre"), GATE, "application/yaml")
    def a = token("team-a", "pipeline")
    def b = token("team-b", "pipeline")

    when:
    def first = start(a)
    def second = start(b)
    def third = start(a)
    api().post("/api/v1/evaluations/${first.body.id}/cancel", a, null)
    def afterCancel = start(b)

    then:
    first.status == 201
    second.status == 201
    third.status == 429
    third.body.type == "urn:tollgate:problem:quota-exceeded"
    third.body.detail.contains("busy-gate")
    third.headers["retry-after"] == ["7"]
    afterCancel.status == 201
  }
}
