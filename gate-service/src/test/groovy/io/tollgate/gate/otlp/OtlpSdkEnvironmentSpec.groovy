package io.tollgate.gate.otlp

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk
import io.tollgate.gate.ApiClient
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import java.util.concurrent.TimeUnit
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The environment variables docs/integrations.md gives an OpenTelemetry SDK, as written, read by
 * the OpenTelemetry Java SDK's own autoconfiguration (the javaagent reads them the same way), with
 * only the service's address and the token filled in: the spans arrive, counted exactly.
 */
@MicronautTest
class OtlpSdkEnvironmentSpec extends Specification implements TestPropertyProvider {
  static final String SECTION = "## OpenTelemetry SDK / Collector straight to Tollgate (OTLP/HTTP)"

  @Shared KafkaFixture kafka

  @Inject EmbeddedServer server
  @Inject AggregateReader reader

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    kafka.createTopic("otlp_spans", 3)
    kafka.createTopic("otlp_metrics", 1)
    kafka.createTopic("otlp_dead_letter", 1)
    ["tollgate.ingest.enabled"          : "true",
     "tollgate.ingest.bootstrap-servers": kafka.bootstrapServers(),
     "tollgate.ingest.batch-interval"   : "200ms"]
  }

  def cleanupSpec() {
    kafka?.close()
  }

  /** The {@code export NAME=value} lines of the section's bash block. */
  static Map<String, String> documented() {
    def doc = Path.of("../docs/integrations.md").text
    def from = doc.indexOf(SECTION)
    assert from >= 0
    def start = doc.indexOf("```bash\n", from) + 8
    def block = doc.substring(start, doc.indexOf("\n```", start))
    block.readLines().findAll { it.startsWith("export ") }.collectEntries { line ->
      def (name, value) = line.substring(7).split("=", 2)
      [(name): value.replaceAll(/^"|"$/, "")]
    }
  }

  void "the documented SDK environment (#protocol) sends spans that arrive exactly"() {
    given:
    def token = new ApiClient(server.URI).post("/api/v1/tokens", ADMIN, [name: "env-$protocol", role: "pipeline"]).body.token
    def env = documented()
    assert env.OTEL_EXPORTER_OTLP_ENDPOINT == "http://localhost:8080"
    assert env.OTEL_EXPORTER_OTLP_HEADERS.contains('$TOLLGATE_PIPELINE_TOKEN')
    env.OTEL_EXPORTER_OTLP_ENDPOINT = server.URI.toString().replaceAll('/$', '')
    env.OTEL_EXPORTER_OTLP_HEADERS = env.OTEL_EXPORTER_OTLP_HEADERS.replace('$TOLLGATE_PIPELINE_TOKEN', token)
    env.OTEL_EXPORTER_OTLP_PROTOCOL = protocol
    env.OTEL_SERVICE_NAME = service
    if (service.endsWith("uncompressed")) {
      env.OTEL_EXPORTER_OTLP_COMPRESSION = "none"
    }
    def properties = env.collectEntries { k, v -> [(k.toLowerCase().replace('_', '.')): v] }

    when:
    // the build switches the SDK off for every test JVM (OTEL_SDK_DISABLED): these win over it
    def sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesCustomizer { properties + ["otel.sdk.disabled": "false"] }
        .disableShutdownHook()
        .build().openTelemetrySdk
    try {
      def tracer = sdk.getTracer("io.tollgate.spec")
      300.times { i ->
        def span = tracer.spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "GET").setAttribute("http.route", "/cart").startSpan()
        span.end()
      }
      assert sdk.sdkTracerProvider.forceFlush().join(30, TimeUnit.SECONDS).success
    } finally {
      sdk.shutdown().join(10, TimeUnit.SECONDS)
    }

    then: "resource attributes from OTEL_RESOURCE_ATTRIBUTES name the series"
    new PollingConditions(timeout: 30, delay: 0.2).eventually {
      def now = Instant.now()
      def ops = reader.operations(new SpanQuery(service, "canary", "GET /cart", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))))
      assert ops.sum { it.requests() } == 300
      assert ops.every { it.series().version() == "1.5.0" && it.series().environment() == "production" }
    }

    where: "the Java SDK's autoconfiguration offers no http/json (OtlpHttpSpec sends JSON)"
    protocol        | service
    "http/protobuf" | "checkout"
    "http/protobuf" | "checkout-uncompressed"
  }
}
