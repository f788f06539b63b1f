package io.tollgate.ingest.testing;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.contrib.baggage.processor.BaggageSpanProcessor;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spans made by the real OpenTelemetry SDK with the contrib {@link BaggageSpanProcessor}, which
 * copies W3C baggage entries onto every span it starts, serialized by the marshaler the SDK's OTLP
 * exporter sends (protobuf or OTLP/JSON).
 */
public final class SdkSpans implements AutoCloseable {
  private final List<SpanData> finished = new ArrayList<>();
  private final SdkTracerProvider provider;
  private final Tracer tracer;

  public SdkSpans(String service, String version, String environment) {
    provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.builder()
                    .put("service.name", service)
                    .put("service.version", version)
                    .put("deployment.environment.name", environment)
                    .build())
            .addSpanProcessor(BaggageSpanProcessor.allowAllBaggageKeys())
            .addSpanProcessor(SimpleSpanProcessor.create(new Collector()))
            .build();
    tracer = provider.get("io.opentelemetry.tomcat-10.0");
  }

  /**
   * One HTTP server span started under {@code baggage} (as a propagator extracts it from the
   * request's {@code baggage} header), failed with an exception when {@code fail}.
   */
  public void serverSpan(
      Map<String, String> baggage, String method, String route, long startNanos, boolean fail) {
    var b = Baggage.builder();
    baggage.forEach(b::put);
    try (Scope ignored = Context.root().with(b.build()).makeCurrent()) {
      var span =
          tracer
              .spanBuilder(method + " " + route)
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
              .setAttribute("http.request.method", method)
              .setAttribute("http.route", route)
              .setAttribute(AttributeKey.longKey("http.response.status_code"), fail ? 500L : 200L)
              .startSpan();
      if (fail) {
        span.recordException(new IllegalStateException("stock service timed out"));
        span.setStatus(StatusCode.ERROR);
      }
      span.end(startNanos + 7_000_000, TimeUnit.NANOSECONDS);
    }
  }

  public List<SpanData> finished() {
    return List.copyOf(finished);
  }

  /** The finished spans as an OTLP protobuf {@code ExportTraceServiceRequest}. */
  public byte[] protobuf() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(finished).writeBinaryTo(out);
    return out.toByteArray();
  }

  /** The finished spans as OTLP/JSON. */
  public byte[] json() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(finished).writeJsonTo(out);
    return out.toByteArray();
  }

  @Override
  public void close() {
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }

  private final class Collector implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      finished.addAll(spans);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
