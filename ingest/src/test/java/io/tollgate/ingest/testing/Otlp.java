package io.tollgate.ingest.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds OTLP payloads the way SDKs and the Collector's Kafka exporter write them. */
public final class Otlp {
  private static final Pattern ID_FIELD =
      Pattern.compile("\"(traceId|spanId|parentSpanId)\"\\s*:\\s*\"([^\"]*)\"");

  private Otlp() {}

  public static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  public static KeyValue attr(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  public static KeyValue attr(String key, boolean value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setBoolValue(value))
        .build();
  }

  /** A resource as an SDK in Kubernetes describes itself. */
  public static Resource resource(String service, String version, String env, String track) {
    Resource.Builder r =
        Resource.newBuilder()
            .addAttributes(attr("service.name", service))
            .addAttributes(attr("service.version", version))
            .addAttributes(attr("deployment.environment.name", env))
            .addAttributes(attr("telemetry.sdk.language", "java"))
            .addAttributes(attr("telemetry.sdk.name", "opentelemetry"))
            .addAttributes(attr("k8s.namespace.name", "shop"))
            .addAttributes(attr("k8s.pod.name", service + "-" + track + "-7d9f8b6c5d-x2x9q"));
    if (track != null) {
      r.addAttributes(attr("tollgate.track", track));
    }
    return r.build();
  }

  public static ByteString id(long high, long low, int bytes) {
    ByteBuffer b = ByteBuffer.allocate(16).putLong(high).putLong(low);
    return ByteString.copyFrom(b.array(), 16 - bytes, bytes);
  }

  /** An HTTP server span for {@code route}, with the attributes instrumentation libraries set. */
  public static Span.Builder httpServer(
      long seq, String method, String route, long startNanos, double durationMs, int status) {
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(id(0x5eed_0000_0000_0000L | seq, seq * 31 + 7, 16))
            .setSpanId(id(0, seq + 1, 8))
            .setName(method + " " + route)
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(startNanos)
            .setEndTimeUnixNano(startNanos + Math.round(durationMs * 1_000_000))
            .addAttributes(attr("http.request.method", method))
            .addAttributes(attr("http.route", route))
            .addAttributes(attr("url.path", route.replace("{id}", Long.toString(seq % 9973))))
            .addAttributes(attr("url.scheme", "http"))
            .addAttributes(attr("server.address", "shop.internal"))
            .addAttributes(attr("network.protocol.version", "1.1"))
            .addAttributes(attr("user_agent.original", "okhttp/4.12.0"))
            .addAttributes(attr("http.response.status_code", (long) status));
    if (status >= 500) {
      s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    return s;
  }

  public static ExportTraceServiceRequest traces(Resource resource, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource)
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder()
                                .setName("io.opentelemetry.tomcat-10.0")
                                .setVersion("2.10.0-alpha"))
                        .addAllSpans(spans)))
        .build();
  }

  /**
   * OTLP/JSON as the Collector's {@code otlp_json} encoding writes it: enums as numbers, 64-bit
   * integers as strings, trace and span ids as hex.
   */
  public static byte[] json(MessageOrBuilder message) {
    try {
      String text =
          JsonFormat.printer()
              .printingEnumsAsInts()
              .omittingInsignificantWhitespace()
              .print(message);
      Matcher m = ID_FIELD.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(m.group(2)));
        m.appendReplacement(out, "\"" + m.group(1) + "\":\"" + hex + "\"");
      }
      m.appendTail(out);
      return out.toString().getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
