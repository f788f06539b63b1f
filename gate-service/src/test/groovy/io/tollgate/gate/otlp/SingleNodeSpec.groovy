package io.tollgate.gate.otlp

import io.micronaut.context.ApplicationContext
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.ApiClient
import io.tollgate.gate.ingest.IngestRunner
import io.tollgate.gate.ingest.KafkaEndpoint
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.SpanQuery
import jakarta.inject.Inject
import java.time.Duration
import java.time.Instant
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN
import static io.tollgate.gate.otlp.OtlpWire.*

/**
 * Single-node mode as a newcomer meets it: no Kafka configured, so the service starts its own
 * broker and ingest, and an OpenTelemetry SDK pointed at the service is all it takes.
 */
@MicronautTest
class SingleNodeSpec extends Specification implements TestPropertyProvider {
  @Inject EmbeddedServer server
  @Inject ApplicationContext context
  @Inject AggregateReader reader

  @Override
  Map<String, String> getProperties() {
    ["tollgate.single-node.enabled": "true", "tollgate.ingest.batch-interval": "200ms"]
  }

  void "with no Kafka configured, spans sent by the SDK to the service are ingested"() {
    given:
    def token = new ApiClient(server.URI).post("/api/v1/tokens", ADMIN, [name: "newcomer", role: "pipeline"]).body.token

    expect: "an in-process broker and the consumer"
    context.getBean(KafkaEndpoint).singleNode()
    context.getBean(KafkaEndpoint).bootstrapServers().startsWith("127.0.0.1:")
    context.containsBean(IngestRunner)

    when:
    sendSpans(spanExporter(server.URI, token, false), resource("newcomer-shop", "1.0.0", "canary"), 250, 5)

    then:
    new PollingConditions(timeout: 30, delay: 0.2).eventually {
      def now = Instant.now()
      def ops = reader.operations(new SpanQuery("newcomer-shop", "canary", "POST /checkout",
          now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))))
      assert ops.sum { it.requests() } == 250
      assert ops.sum { it.errors() } == 5
    }
  }

  void "the ingest health shows the consumer"() {
    expect:
    new PollingConditions(timeout: 20).eventually {
      assert new ApiClient(server.URI).get("/health", ADMIN).text.contains("ingest")
    }
  }
}
