package io.tollgate.gate.otlp

import dev.openfeature.sdk.EvaluationContext
import dev.openfeature.sdk.FlagEvaluationDetails
import dev.openfeature.sdk.Hook
import dev.openfeature.sdk.HookContext
import dev.openfeature.sdk.ImmutableContext
import dev.openfeature.sdk.OpenFeatureAPI
import dev.openfeature.sdk.Telemetry
import dev.openfeature.sdk.providers.memory.Flag
import dev.openfeature.sdk.providers.memory.InMemoryProvider
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.opentelemetry.api.common.Attributes
import io.opentelemetry.api.common.AttributesBuilder
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor
import io.tollgate.gate.ApiClient
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.FlagQuery
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.time.Duration
import java.time.Instant
import java.util.concurrent.TimeUnit
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Feature-flag variants from the real tools: the OpenFeature Java SDK evaluates flags from its
 * {@link InMemoryProvider} inside SERVER spans of the OpenTelemetry Java SDK, a hook adds the
 * evaluation event the OpenFeature SDK itself builds ({@link Telemetry#createEvaluationEvent}, the
 * specification's mapping to the OpenTelemetry feature_flag.evaluation event) to the current span,
 * and the SDK's OTLP/HTTP exporter sends the spans to the service, whose ingest counts them per
 * variant through the real Kafka broker.
 *
 * <p>The contrib TracesHook ({@code dev.openfeature.contrib.hooks:otel}) is not served by the
 * registry reached here, so the event comes from the SDK's own telemetry mapping instead of that
 * hook; the contrib hook's older event form stays covered by FlagIngestSpec.
 */
@MicronautTest
class FlagOpenFeatureSpec extends Specification implements TestPropertyProvider {
  static final String DOMAIN = "tollgate-flag-spec"

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
     "tollgate.ingest.batch-interval"   : "200ms",
     "tollgate.ingest.flags.keys"       : "new-checkout"]
  }

  def cleanupSpec() {
    OpenFeatureAPI.instance.shutdown()
    kafka?.close()
  }

  /** The hook docs/integrations.md gives: the OpenFeature SDK's evaluation event on the current span. */
  static class SpanEventHook implements Hook<Object> {
    @Override
    void after(HookContext<Object> ctx, FlagEvaluationDetails<Object> details, Map<String, Object> hints) {
      def event = Telemetry.createEvaluationEvent(ctx, details)
      AttributesBuilder attributes = Attributes.builder()
      event.attributes.each { k, v ->
        if (v != null) attributes.put(k, v.toString())
      }
      Span.current().addEvent(event.name, attributes.build())
    }
  }

  static Flag<Boolean> checkout(String served) {
    Flag.<Boolean> builder().variant("on", true).variant("off", false).defaultVariant(served).build()
  }

  void "variants the in-memory provider served are counted exactly per variant, with their errors"() {
    given: "the new-checkout flag served off, then turned on; dark-mode is evaluated but not configured"
    def token = new ApiClient(server.URI).post("/api/v1/tokens", ADMIN, [name: "openfeature", role: "pipeline"]).body.token
    def provider = new InMemoryProvider(["new-checkout": checkout("off"),
                                         "dark-mode"   : checkout("on")])
    def api = OpenFeatureAPI.instance
    api.setProviderAndWait(DOMAIN, provider)
    def client = api.getClient(DOMAIN)
    client.addHooks(new SpanEventHook())
    def tracer = SdkTracerProvider.builder()
        .setResource(OtlpWire.resource("checkout-of", "3.1.0", "stable"))
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpWire.spanExporter(server.URI, token, false)).build())
        .build()
    def served = [:].withDefault { [0L, 0L] }
    def from = Instant.now().minus(Duration.ofHours(1))

    when: "70 requests, each evaluating both flags inside its SERVER span; every fifth request with on fails"
    try {
      70.times { i ->
        if (i == 40) {
          provider.updateFlag("new-checkout", checkout("on"))
        }
        def span = tracer.get("io.tollgate.spec").spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "POST").setAttribute("http.route", "/checkout").startSpan()
        def scope = span.makeCurrent()
        try {
          EvaluationContext user = new ImmutableContext("user-$i")
          def details = client.getBooleanDetails("new-checkout", false, user)
          client.getBooleanValue("dark-mode", false, user)
          boolean failed = details.value && i % 5 == 0
          span.setAttribute("http.response.status_code", failed ? 500L : 200L)
          if (failed) {
            span.setStatus(StatusCode.ERROR)
          }
          def counts = served[details.variant]
          served[details.variant] = [counts[0] + 1, counts[1] + (failed ? 1 : 0)]
        } finally {
          scope.close()
          span.end()
        }
      }
      assert tracer.forceFlush().join(30, TimeUnit.SECONDS).success
    } finally {
      tracer.shutdown().join(10, TimeUnit.SECONDS)
    }
    def to = Instant.now().plus(Duration.ofHours(1))

    then: "the provider served each variant as configured"
    served == [off: [40L, 0L], on: [30L, 6L]]

    and: "ingest has exactly those requests and errors per variant"
    new PollingConditions(timeout: 30, delay: 0.2).eventually {
      assert counted("checkout-of", "new-checkout", from, to) == served
    }

    and: "the unconfigured flag is not kept"
    reader.operationCounts(FlagQuery.of(SpanQuery.of("checkout-of", from, to), "dark-mode", "on")).isEmpty()
  }

  void "the in-memory provider names its default variant even when a context evaluator serves another value"() {
    given: "docs/integrations.md warns of this: per-variant counts need a provider that names the variant it served"
    def flag = Flag.<Boolean> builder().variant("on", true).variant("off", false).defaultVariant("off")
        .contextEvaluator { f, ctx -> ctx.targetingKey == "beta-user" }.build()
    def provider = new InMemoryProvider(["new-checkout": flag])
    OpenFeatureAPI.instance.setProviderAndWait(DOMAIN + "-evaluator", provider)

    when:
    def details = OpenFeatureAPI.instance.getClient(DOMAIN + "-evaluator")
        .getBooleanDetails("new-checkout", false, new ImmutableContext("beta-user"))

    then:
    details.value
    details.variant == "off"
  }

  /** Requests and errors stored per variant of {@code flag}. */
  Map<String, List<Long>> counted(String service, String flag, Instant from, Instant to) {
    ["on", "off"].collectEntries { v ->
      def ops = reader.operationCounts(FlagQuery.of(SpanQuery.of(service, from, to), flag, v))
      [(v): [ops*.requests().sum() ?: 0L, ops*.errors().sum() ?: 0L]]
    }
  }
}
