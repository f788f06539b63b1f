package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.store.AuditLogRepository
import io.micronaut.data.model.Pageable
import jakarta.inject.Inject
import spock.lang.Shared
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

@MicronautTest
class ApiSecuritySpec extends Specification {

  @Inject EmbeddedServer server
  @Inject AuditLogRepository auditLog

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    def created = api().post("/api/v1/tokens", ADMIN, [name: "$role-token", role: role])
    assert created.status == 201
    created.body.token
  }

  void "a request without a token gets 401 problem+json"() {
    when:
    def r = api().get("/api/v1/tokens")

    then:
    r.status == 401
    r.type.startsWith("application/problem+json")
    r.body.type == "urn:tollgate:problem:unauthorized"
    r.body.status == 401
    r.body.detail.contains("Bearer")
  }

  void "a wrong or malformed token gets 401"() {
    expect:
    api().get("/api/v1/whoami", token).status == 401

    where:
    token << ["tg_not-a-real-token", "x" * 600, "test-admin-token-012345678"]
  }

  void "a token with the wrong role gets 403 problem+json"() {
    given:
    def viewer = token("viewer")

    when:
    def r = api().get("/api/v1/tokens", viewer)

    then:
    r.status == 403
    r.type.startsWith("application/problem+json")
    r.body.type == "urn:tollgate:problem:forbidden"
    r.body.detail == "this token's role may not GET /api/v1/tokens"
  }

  void "each role acts with the roles it implies"() {
    expect:
    def me = api().get("/api/v1/whoami", token(role))
    me.status == 200
    me.body.role == role
    me.body.grants as Set == grants as Set

    where:
    role       || grants
    "viewer"   || ["viewer"]
    "qa"       || ["qa", "viewer"]
    "sre"      || ["sre", "viewer"]
    "pipeline" || ["pipeline"]
    "admin"    || ["admin", "sre", "pipeline", "qa", "viewer"]
  }

  void "an admin creates, lists and revokes tokens, and a revoked token stops working"() {
    given:
    def created = api().post("/api/v1/tokens", ADMIN, [name: "ci", role: "pipeline"])
    def secret = created.body.token

    expect:
    created.status == 201
    secret.startsWith("tg_")
    api().get("/api/v1/whoami", secret).body.name == "ci"

    when:
    def listed = api().get("/api/v1/tokens", ADMIN)

    then: "the listing shows a prefix, never the token or its hash"
    def row = listed.body.find { it.id == created.body.info.id }
    row.prefix == secret.substring(0, 9)
    !listed.text.contains(secret)
    !listed.text.contains("tokenHash")

    when:
    def revoked = api().delete("/api/v1/tokens/${row.id}", ADMIN)

    then:
    revoked.status == 204
    api().get("/api/v1/whoami", secret).status == 401
    auditLog.listOrderByIdDesc(Pageable.from(0, 50))*.action.containsAll(["token.create", "token.revoke"])
  }

  void "an unknown role or a past expiry is a validation problem"() {
    when:
    def r = api().post("/api/v1/tokens", ADMIN, body)

    then:
    r.status == 400
    r.body.type == "urn:tollgate:problem:validation"
    r.body.detail.contains(mentions)

    where:
    body                                                        || mentions
    [name: "x", role: "root"]                                   || "'root'"
    [name: "x", role: "viewer", expiresAt: "2001-01-01T00:00:00Z"] || "expiresAt"
  }

  void "a blank name is reported with a pointer to the field"() {
    when:
    def r = api().post("/api/v1/tokens", ADMIN, [name: "", role: "viewer"])

    then:
    r.status == 400
    r.body.type == "urn:tollgate:problem:validation"
    r.body.errors*.pointer == ["/name"]
  }

  void "malformed JSON is a 400 that says where, without internals"() {
    when:
    def r = api().call("POST", "/api/v1/tokens", ADMIN, '{"name": "x",\n "role": }')

    then:
    r.status == 400
    r.type.startsWith("application/problem+json")
    r.body.type == "urn:tollgate:problem:invalid-json"
    r.body.detail.contains("line 2")
    !r.text.contains("Exception")
    !r.text.contains("io.micronaut")
    !r.text.contains("com.fasterxml")
  }

  void "an unknown route is a 404 problem"() {
    when:
    def r = api().get("/api/v1/nothing-here", ADMIN)

    then:
    r.status == 404
    r.body.type == "urn:tollgate:problem:not-found"
  }

  void "a wrong method is a 405 problem"() {
    when:
    def r = api().call("PUT", "/api/v1/whoami", ADMIN, "{}")

    then:
    r.status == 405
    r.body.type == "urn:tollgate:problem:method-not-allowed"
  }

  void "revoking a token that does not exist is a 404 problem"() {
    expect:
    api().delete("/api/v1/tokens/999999", ADMIN).body.type == "urn:tollgate:problem:not-found"
  }
}
