package io.tollgate.gate

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.common.v1.AnyValue
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.resource.v1.Resource
import io.opentelemetry.proto.trace.v1.ResourceSpans
import io.opentelemetry.proto.trace.v1.ScopeSpans
import io.opentelemetry.proto.trace.v1.Span
import io.tollgate.testsupport.KafkaFixture

/** OTLP pieces and broker settings for specs that send user and test spans through Kafka. */
final class TestSpans {
  private TestSpans() {}

  /** Creates the OTLP topics and returns the properties that run ingest against them. */
  static Map<String, String> ingestOn(KafkaFixture kafka) {
    kafka.createTopic("otlp_spans", 2)
    kafka.createTopic("otlp_metrics", 1)
    kafka.createTopic("otlp_dead_letter", 1)
    ["tollgate.ingest.enabled"          : "true",
     "tollgate.ingest.bootstrap-servers": kafka.bootstrapServers(),
     "tollgate.ingest.batch-interval"   : "200ms"]
  }

  static KeyValue attr(String key, String value) {
    KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build()
  }

  static KeyValue attr(String key, long value) {
    KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build()
  }

  /** A production resource of {@code service}, with {@code extra} attributes. */
  static Resource resource(String service, String version, List<KeyValue> extra = []) {
    Resource.newBuilder().addAttributes(attr("service.name", service)).addAttributes(attr("service.version", version))
        .addAttributes(attr("deployment.environment.name", "prod")).addAllAttributes(extra).build()
  }

  static ExportTraceServiceRequest request(Resource r, List<Span> spans) {
    ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(r)
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build()
  }
}
