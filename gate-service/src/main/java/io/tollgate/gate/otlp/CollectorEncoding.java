package io.tollgate.gate.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tollgate.ingest.otlp.OtlpEncoding;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Record values as the Collector's Kafka exporter writes them: {@code otlp_proto} is the serialized
 * request; {@code otlp_json} is OTLP/JSON (lowerCamelCase keys, enums as integers, trace and span
 * ids as lowercase hex).
 */
final class CollectorEncoding {
  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace();

  private CollectorEncoding() {}

  static byte[] encode(Message request, OtlpEncoding encoding) {
    if (encoding == OtlpEncoding.OTLP_PROTO) {
      return request.toByteArray();
    }
    Message printable =
        request instanceof ExportTraceServiceRequest traces ? hexIds(traces) : request;
    try {
      return JSON.print(printable).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("an OTLP message did not print as JSON", e);
    }
  }

  /**
   * The protobuf JSON printer writes {@code bytes} as base64. An id's hex text (32 or 16 digits, a
   * multiple of four) is itself valid unpadded base64, so replacing each id by the bytes that its
   * hex text decodes from as base64 makes the printer write exactly the hex text.
   */
  private static ExportTraceServiceRequest hexIds(ExportTraceServiceRequest request) {
    ExportTraceServiceRequest.Builder b = request.toBuilder();
    for (ResourceSpans.Builder rs : b.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
        for (Span.Builder span : ss.getSpansBuilderList()) {
          span.setTraceId(asHexText(span.getTraceId()))
              .setSpanId(asHexText(span.getSpanId()))
              .setParentSpanId(asHexText(span.getParentSpanId()));
          for (Span.Link.Builder link : span.getLinksBuilderList()) {
            link.setTraceId(asHexText(link.getTraceId())).setSpanId(asHexText(link.getSpanId()));
          }
        }
      }
    }
    return b.build();
  }

  static ByteString asHexText(ByteString id) {
    if (id.isEmpty() || id.size() % 2 != 0) {
      return id; // not a trace or span id length: printed as base64, as the generic mapping does
    }
    String hex = HexFormat.of().formatHex(id.toByteArray());
    return ByteString.copyFrom(Base64.getDecoder().decode(hex));
  }
}
