package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import jakarta.inject.Inject
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The role matrix, endpoint by endpoint: each role either reaches the endpoint (any answer but 401
 * and 403) or gets 403; without a token every endpoint answers 401.
 */
@MicronautTest
class RoleMatrixSpec extends Specification {

  static final List<String> ROLES = ["admin", "sre", "pipeline", "qa", "viewer"]
  static final String GATE = Path.of("../docs/examples/testrun-gate.yaml").text
  static final String JUNIT = '<testsuite name="s"><testcase name="t"/></testsuite>'
  static final Map EVALUATION = [gate: "nightly-load-test", target: [service: "shop"], lookback: "5m"]

  @Inject EmbeddedServer server
  @Shared Map<String, String> tokens = [:]

  ApiClient api() { new ApiClient(server.URI) }

  def setup() {
    if (tokens.isEmpty()) {
      ROLES.each { role -> tokens[role] = api().post("/api/v1/tokens", ADMIN, [name: "matrix-$role", role: role]).body.token }
      api().call("POST", "/api/v1/gates", ADMIN, GATE, "application/yaml")
      api().call("POST", "/api/v1/test-runs?service=shop", ADMIN, JUNIT, "application/xml")
      api().call("POST", "/api/v1/evaluations", ADMIN, EVALUATION)
    }
  }

  Map request(String method, String path, String role, Object body, String type) {
    api().call(method, path, role == null ? null : tokens[role], body, type)
  }

  void "#method #path: allowed for #allowed, 403 for the other roles, 401 without a token"() {
    expect:
    ROLES.each { role ->
      def status = request(method, path, role, body, type).status
      if (role in allowed) {
        assert !(status in [401, 403]): "$role should reach $method $path but got $status"
      } else {
        assert status == 403: "$role should get 403 on $method $path but got $status"
      }
    }
    request(method, path, null, body, type).status == 401

    where:
    method   | path                                          | body                               | type                || allowed
    "POST"   | "/api/v1/tokens"                              | [name: "x", role: "viewer"]        | "application/json"  || ["admin"]
    "GET"    | "/api/v1/tokens"                              | null                               | null                || ["admin"]
    "DELETE" | "/api/v1/tokens/999999"                       | null                               | null                || ["admin"]
    "GET"    | "/api/v1/whoami"                              | null                               | null                || ROLES
    "POST"   | "/api/v1/gates"                               | GATE                               | "application/yaml"  || ["admin", "sre"]
    "PUT"    | "/api/v1/gates/nightly-load-test"             | GATE                               | "application/yaml"  || ["admin", "sre"]
    "POST"   | "/api/v1/gates/validate"                      | GATE                               | "application/yaml"  || ["admin", "sre", "pipeline"]
    "GET"    | "/api/v1/gates"                               | null                               | null                || ROLES
    "GET"    | "/api/v1/gates/nightly-load-test"             | null                               | null                || ROLES
    "GET"    | "/api/v1/gates/nightly-load-test/versions"    | null                               | null                || ROLES
    "GET"    | "/api/v1/gates/nightly-load-test/diff?from=1" | null                               | null                || ROLES
    "GET"    | "/api/v1/gates/nightly-load-test/bindings"    | null                               | null                || ROLES
    "POST"   | "/api/v1/gates/nightly-load-test/bindings"    | [trigger: "deploy", services: ["shop"]] | "application/json" || ["admin", "sre"]
    "DELETE" | "/api/v1/gates/nightly-load-test/bindings/999999" | null                           | null                || ["admin", "sre"]
    "POST"   | "/api/v1/deployments"                         | [service: "shop", version: "1", environment: "staging"] | "application/json" || ["admin", "sre", "pipeline"]
    "POST"   | "/api/v1/flag-changes"                        | [service: "shop", flag: "f", variant: "on", environment: "staging"] | "application/json" || ["admin", "sre", "pipeline"]
    "GET"    | "/api/v1/changes"                             | null                               | null                || ROLES
    "POST"   | "/api/v1/incidents/999999/resolve"            | [:]                                | "application/json"  || ["admin", "sre"]
    "POST"   | "/api/v1/test-runs?service=shop"              | JUNIT                              | "application/xml"   || ["admin", "pipeline"]
    "POST"   | "/api/v1/test-runs/1/files"                   | JUNIT                              | "application/xml"   || ["admin", "pipeline"]
    "GET"    | "/api/v1/test-runs"                           | null                               | null                || ROLES
    "GET"    | "/api/v1/test-runs/1"                         | null                               | null                || ROLES
    "POST"   | "/api/v1/test-runs/1/pin"                     | [pinned: true, excluded: false]    | "application/json"  || ["admin", "sre"]
    "POST"   | "/api/v1/evaluations"                         | EVALUATION                         | "application/json"  || ["admin", "pipeline"]
    "GET"    | "/api/v1/evaluations"                         | null                               | null                || ROLES
    "GET"    | "/api/v1/evaluations/1"                       | null                               | null                || ROLES
    "GET"    | "/api/v1/decisions/latest?gate=nightly-load-test" | null                           | null                || ROLES
    "POST"   | "/api/v1/evaluations/1/override"              | [outcome: "PASS", reason: "r"]     | "application/json"  || ["admin", "sre"]
    "DELETE" | "/api/v1/evaluations/1/override"              | null                               | null                || ["admin", "sre"]
    "POST"   | "/api/v1/evaluations/1/pin"                   | [pinned: true, excluded: false]    | "application/json"  || ["admin", "sre"]
    "POST"   | "/api/v1/integrations/argo/measure"           | EVALUATION + [idempotencyKey: "k"] | "application/json"  || ["admin", "pipeline"]
    "GET"    | "/api/v1/integrations/argo/evaluations/1"     | null                               | null                || ROLES
    "GET"    | "/api/v1/deliveries"                          | null                               | null                || ["admin", "sre"]
    "GET"    | "/api/v1/scenarios"                           | null                               | null                || ["admin", "sre", "qa", "viewer"]
    "GET"    | "/api/v1/scenarios/triage-rules"              | null                               | null                || ["admin", "sre", "qa", "viewer"]
    "GET"    | "/api/v1/scenarios/mapping-rules"             | null                               | null                || ["admin", "sre", "qa", "viewer"]
    "PUT"    | "/api/v1/scenarios/no-such-id/triage"         | [state: "accepted"]                | "application/json"  || ["admin", "qa"]
    "DELETE" | "/api/v1/scenarios/triage-rules/999999"       | null                               | null                || ["admin", "qa"]
    "DELETE" | "/api/v1/scenarios/mapping-rules/999999"      | null                               | null                || ["admin", "qa"]
    "GET"    | "/api/v1/services/shop/traffic-profile"       | null                               | null                || ["admin", "sre", "qa", "viewer"]
    "GET"    | "/api/v1/services/shop/k6-script"             | null                               | null                || ["admin", "sre", "qa", "viewer"]
    "GET"    | "/api/v1/parity?service=shop&from=a&to=b"    | null                               | null                || ["admin", "sre", "qa", "viewer"]
  }

  void "anonymous endpoints stay anonymous"() {
    expect:
    api().get(path).status == 200

    where:
    path << ["/health", "/health/liveness", "/health/readiness", "/metrics", "/swagger/tollgate.yml", "/swagger-ui/index.html", "/cli/tollgate-cli.jar"]
  }
}
