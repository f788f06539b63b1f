package io.tollgate.gate.incidents

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import jakarta.inject.Inject
import spock.lang.Shared
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Incidents on the embedded database (and, in the PostgreSQL suite, on PostgreSQL): stored, paged
 * per service, found by their source id, resolved; an incident with no failures has no failure
 * modes and nothing uncovered.
 */
@MicronautTest
class IncidentStoreSpec extends Specification {
  @Inject EmbeddedServer server
  @Shared Map<String, String> tokens = [:]

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "s-$role", role: role]).body.token }
  }

  void "five incidents of two services are paged newest first, per service, and resolved by a CDEvent"() {
    given:
    def created = (1..5).collect { n ->
      api().post("/api/v1/incidents", token("sre"), [service: n % 2 ? "cart" : "search", title: "incident $n",
          startedAt: "2026-11-0${n}T10:00:00Z", sourceId: "S-$n"]).body
    }
    def structured = { String type, String id ->
      [specversion: "1.0", id: "x", source: "api", type: type,
       data: [context: [timestamp: "2026-11-05T12:00:00Z"], subject: [id: id, source: "api", content: [service: [id: "cart"]]]]]
    }

    when:
    def cart1 = api().get("/api/v1/incidents?service=cart&limit=2", token("viewer"))
    def cart2 = api().get("/api/v1/incidents?service=cart&limit=2&cursor=" + cart1.headers["x-next-cursor"][0], token("viewer"))
    def resolved = api().call("POST", "/api/v1/events/cdevents", token("sre"),
        structured("dev.cdevents.incident.resolved.0.2.0", "S-5"), "application/cloudevents+json")
    def detail = api().get("/api/v1/incidents/${created[4].id}", token("qa")).body

    then:
    created*.id.every { it > 0 }
    cart1.body*.title == ["incident 5", "incident 3"]
    cart2.body*.title == ["incident 1"]
    !cart2.headers.containsKey("x-next-cursor")
    api().get("/api/v1/incidents?service=search", token("viewer")).body*.title == ["incident 4", "incident 2"]
    resolved.status == 200
    resolved.body.resolvedAt == "2026-11-05T12:00:00Z"
    detail.incident.resolvedAt == "2026-11-05T12:00:00Z"
    !detail.failureModes  // empty lists are left out of responses
    detail.uncovered == 0
    api().get("/api/v1/incidents?cursor=garbage", token("viewer")).status == 400
  }
}
