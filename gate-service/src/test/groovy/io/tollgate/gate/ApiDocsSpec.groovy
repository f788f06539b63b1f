package io.tollgate.gate

import com.fasterxml.jackson.databind.ObjectMapper
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import jakarta.inject.Inject
import java.nio.file.Path
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The request bodies in docs/api.md, each under the endpoint it is for, are sent to a running
 * service as written: the reference cannot drift from the API.
 */
@MicronautTest
class ApiDocsSpec extends Specification {
  static final String DOC = Path.of("../docs/api.md").text

  @Inject EmbeddedServer server

  ApiClient api() { new ApiClient(server.URI) }

  /** "`METHOD /path`" on the line before a ```json block. */
  static List<List<String>> examples() {
    def m = DOC =~ /(?m)^`(GET|POST|PUT|DELETE) ([^`]+)`\n```json\n([\s\S]*?)\n```/
    m.collect { [it[1], it[2], it[3]] }
  }

  void "docs/api.md documents every scenario endpoint"() {
    expect:
    ["GET /api/v1/scenarios", "GET /api/v1/scenarios/{id}", "PUT /api/v1/scenarios/{id}/triage",
     "/api/v1/scenarios/triage-rules", "DELETE /api/v1/scenarios/triage-rules/{id}",
     "/api/v1/scenarios/mapping-rules", "DELETE /api/v1/scenarios/mapping-rules/{id}"].every { DOC.contains(it) }
    examples().size() >= 3
  }

  void "the documented #method #path body is accepted"() {
    given:
    def qa = api().post("/api/v1/tokens", ADMIN, [name: "docs-qa", role: "qa"]).body.token
    def unknownScenario = "test-" + "0" * 32

    when:
    def r = api().call(method, path.replace("{id}", unknownScenario), qa, new ObjectMapper().readValue(body, Map))

    then: "created, or (for a scenario that does not exist here) a 404 after the body was accepted"
    path.contains("{id}") ? r.status == 404 : r.status == 201

    where:
    [method, path, body] << examples()
  }
}
