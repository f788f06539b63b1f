package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import jakarta.inject.Inject
import spock.lang.Specification

@MicronautTest
class HealthMetricsSpec extends Specification {

  @Inject EmbeddedServer server

  ApiClient api() { new ApiClient(server.URI) }

  void "health and readiness answer anonymously and readiness includes the database"() {
    expect:
    api().get("/health").body.status == "UP"
    api().get("/health/readiness").status == 200

    when: "an authenticated caller sees the details"
    def details = api().get("/health/readiness", ApiClient.ADMIN)

    then:
    details.body.details.jdbc.status == "UP"
  }

  void "metrics are Prometheus text with JVM and Tollgate metrics"() {
    given:
    api().get("/api/v1/whoami", ApiClient.ADMIN)

    when:
    def r = api().get("/metrics")

    then:
    r.status == 200
    r.type.startsWith("text/plain; version=0.0.4")
    r.text.contains("jvm_memory_used_bytes")
    r.text.contains('tollgate_http_server_request_duration_seconds_count{method="GET",route="/api/v1/whoami",status="200"}')
  }

  void "OpenMetrics is served when the scraper asks for it"() {
    when:
    def r = api().call("GET", "/metrics", null, null, null,
        [Accept: "application/openmetrics-text; version=1.0.0"])

    then:
    r.type.startsWith("application/openmetrics-text")
    r.text.trim().endsWith("# EOF")
  }

  void "the OpenAPI document and Swagger UI are served from the jar anonymously"() {
    when:
    def spec = api().get("/swagger/tollgate.yml")
    def ui = api().get("/swagger-ui/index.html")

    then:
    spec.status == 200
    spec.text.contains("/api/v1/tokens")
    spec.text.contains("bearer")
    ui.status == 200
    ui.text.toLowerCase().contains("swagger")
  }
}
