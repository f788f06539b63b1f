package io.tollgate.gate.otlp

import com.google.protobuf.ByteString
import com.google.protobuf.CodedInputStream
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.common.Attributes
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.common.v1.AnyValue
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.resource.v1.Resource as ProtoResource
import io.opentelemetry.proto.trace.v1.ResourceSpans
import io.opentelemetry.proto.trace.v1.ScopeSpans
import io.opentelemetry.proto.trace.v1.Span
import io.opentelemetry.sdk.common.export.MemoryMode
import io.opentelemetry.sdk.metrics.SdkMeterProvider
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader
import io.opentelemetry.sdk.resources.Resource
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler
import io.opentelemetry.sdk.common.CompletableResultCode
import io.opentelemetry.sdk.trace.data.SpanData
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor
import io.opentelemetry.sdk.trace.export.SpanExporter
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.ThreadLocalRandom
import java.util.concurrent.TimeUnit
import java.util.zip.GZIPOutputStream

/** Sends OTLP/HTTP to a running service: with the OpenTelemetry Java SDK's exporters, or by hand. */
final class OtlpWire {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

  private OtlpWire() {}

  static Resource resource(String service, String version, String track) {
    Resource.create(Attributes.builder()
        .put("service.name", service).put("service.version", version).put("tollgate.track", track).build())
  }

  /**
   * The SDK's OTLP/HTTP span exporter. {@code json}: the exporter's own JSON mode, which the public
   * builder of this SDK version does not expose (the autoconfigure module's http/json protocol sets
   * it on the same internal builder).
   */
  static OtlpHttpSpanExporter spanExporter(URI base, String token, boolean json, String compression = "none") {
    def builder = OtlpHttpSpanExporter.builder()
        .setEndpoint(base.resolve("/v1/traces").toString())
        .addHeader("Authorization", "Bearer $token")
        .setCompression(compression)
        .setMemoryMode(MemoryMode.IMMUTABLE_DATA)
        .setTimeout(Duration.ofSeconds(20))
    if (json) {
      builder.@delegate.exportAsJson()
    }
    builder.build()
  }

  static OtlpHttpMetricExporter metricExporter(URI base, String token, boolean json, String compression = "none") {
    def builder = OtlpHttpMetricExporter.builder()
        .setCompression(compression)
        .setEndpoint(base.resolve("/v1/metrics").toString())
        .addHeader("Authorization", "Bearer $token")
        .setMemoryMode(MemoryMode.IMMUTABLE_DATA)
    if (json) {
      builder.@delegate.exportAsJson()
    }
    builder.build()
  }

  /**
   * OTLP/JSON as the SDK's own marshaler writes it (what its exporter sends in http/json mode). The
   * exporter itself is not used for uncompressed JSON: this SDK version's JDK sender announces the
   * protobuf length for a JSON body, which only works with gzip (no Content-Length then).
   */
  static byte[] sdkJson(Resource resource, int requests, int errors) {
    List<SpanData> spans = []
    def collect = new SpanExporter() {
      CompletableResultCode export(Collection<SpanData> batch) { spans.addAll(batch); CompletableResultCode.ofSuccess() }
      CompletableResultCode flush() { CompletableResultCode.ofSuccess() }
      CompletableResultCode shutdown() { CompletableResultCode.ofSuccess() }
    }
    sendSpans(collect, resource, requests, errors)
    def out = new ByteArrayOutputStream()
    TraceRequestMarshaler.create(spans).writeJsonTo(out)
    out.toByteArray()
  }

  /** {@code requests} SERVER spans "POST /checkout" through the SDK's batch processor, the first {@code errors} failed. */
  static void sendSpans(SpanExporter exporter, Resource resource, int requests, int errors) {
    def provider = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(128).build())
        .build()
    try {
      def tracer = provider.get("io.tollgate.spec")
      requests.times { i ->
        def span = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "POST").setAttribute("http.route", "/checkout")
            .setAttribute("http.response.status_code", i < errors ? 500L : 200L)
            .startSpan()
        if (i < errors) {
          span.setStatus(StatusCode.ERROR, "boom")
        }
        span.end()
      }
      assert provider.forceFlush().join(30, TimeUnit.SECONDS).success
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS)
    }
  }

  /** A counter {@code orders} added to {@code times} times by {@code by}, exported once. */
  static void sendCounter(OtlpHttpMetricExporter exporter, Resource resource, String name, int times, long by) {
    def provider = SdkMeterProvider.builder().setResource(resource)
        .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
        .build()
    try {
      def counter = provider.get("io.tollgate.spec").counterBuilder(name).build()
      times.times { counter.add(by, Attributes.of(AttributeKey.stringKey("region"), "eu")) }
      assert provider.forceFlush().join(30, TimeUnit.SECONDS).success
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS)
    }
  }

  static HttpResponse<byte[]> post(URI base, String path, String token, String contentType, byte[] body,
                                   Map<String, String> headers = [:]) {
    def b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
    if (contentType != null) b.header("Content-Type", contentType)
    if (token != null) b.header("Authorization", "Bearer $token")
    headers.each { k, v -> b.header(k, v) }
    HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray())
  }

  static byte[] gzip(byte[] bytes) {
    def out = new ByteArrayOutputStream()
    new GZIPOutputStream(out).withCloseable { it.write(bytes) }
    out.toByteArray()
  }

  static ByteString randomId(int length) {
    def b = new byte[length]
    ThreadLocalRandom.current().nextBytes(b)
    b[0] = 1 as byte // never all zero
    ByteString.copyFrom(b)
  }

  /** {@code valid} good SERVER spans and {@code badIds} with an 8-byte trace id, for one service. */
  static ExportTraceServiceRequest handMade(String service, int valid, int badIds, long startNanos) {
    def spans = (0..<(valid + badIds)).collect { i ->
      Span.newBuilder()
          .setTraceId(i < valid ? randomId(16) : randomId(8)).setSpanId(randomId(8))
          .setName("GET /stock").setKind(Span.SpanKind.SPAN_KIND_SERVER)
          .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + 5_000_000)
          .addAttributes(kv("http.route", "/stock")).addAttributes(kv("http.request.method", "GET"))
          .build()
    }
    ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(ProtoResource.newBuilder().addAttributes(kv("service.name", service))
            .addAttributes(kv("tollgate.track", "canary")))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build()
  }

  static KeyValue kv(String k, String v) {
    KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build()
  }

  /** A protobuf google.rpc.Status: [code: int, message: String]. */
  static Map status(byte[] bytes) {
    def in = CodedInputStream.newInstance(bytes)
    def out = [code: 0, message: ""]
    int tag
    while ((tag = in.readTag()) != 0) {
      if (tag == 8) out.code = in.readInt32()
      else if (tag == 18) out.message = in.readString()
      else in.skipField(tag)
    }
    out
  }
}
