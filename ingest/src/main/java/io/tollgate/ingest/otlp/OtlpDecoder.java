package io.tollgate.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Decodes Kafka record values written by the Collector's Kafka exporter.
 *
 * <p>OTLP/JSON encodes trace and span ids as hex strings, while the generic protobuf JSON mapping
 * reads {@code bytes} fields as base64. Hex digits are base64 characters and the id lengths (32 and
 * 16) are multiples of four, so the generic parser decodes them without error into the wrong bytes;
 * {@link #hexIds} re-encodes those bytes to recover the hex text and decodes it properly.
 */
public final class OtlpDecoder {
  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

  private OtlpDecoder() {}

  public static ExportTraceServiceRequest traces(byte[] value, OtlpEncoding encoding)
      throws UndecodableRecordException {
    if (encoding == OtlpEncoding.OTLP_PROTO) {
      try {
        return ExportTraceServiceRequest.parseFrom(aliasing(value));
      } catch (IOException e) {
        throw new UndecodableRecordException("invalid OTLP protobuf: " + e.getMessage(), e);
      }
    }
    ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
    parseJson(value, builder);
    for (ResourceSpans.Builder rs : builder.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
        for (Span.Builder span : ss.getSpansBuilderList()) {
          span.setTraceId(hexIds(span.getTraceId()));
          span.setSpanId(hexIds(span.getSpanId()));
          span.setParentSpanId(hexIds(span.getParentSpanId()));
          for (Span.Link.Builder link : span.getLinksBuilderList()) {
            link.setTraceId(hexIds(link.getTraceId())).setSpanId(hexIds(link.getSpanId()));
          }
        }
      }
    }
    return builder.build();
  }

  public static ExportMetricsServiceRequest metrics(byte[] value, OtlpEncoding encoding)
      throws UndecodableRecordException {
    if (encoding == OtlpEncoding.OTLP_PROTO) {
      try {
        return ExportMetricsServiceRequest.parseFrom(aliasing(value));
      } catch (IOException e) {
        throw new UndecodableRecordException("invalid OTLP protobuf: " + e.getMessage(), e);
      }
    }
    ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
    parseJson(value, builder);
    return builder.build();
  }

  /** Ids and other bytes fields share the record's array instead of being copied out of it. */
  private static CodedInputStream aliasing(byte[] value) {
    CodedInputStream in = CodedInputStream.newInstance(value);
    in.enableAliasing(true);
    return in;
  }

  private static void parseJson(byte[] value, Message.Builder builder)
      throws UndecodableRecordException {
    try {
      JSON.merge(new String(value, StandardCharsets.UTF_8), builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new UndecodableRecordException("invalid OTLP JSON: " + e.getMessage(), e);
    }
  }

  /** Recovers id bytes from a hex string that the generic JSON parser read as base64. */
  static ByteString hexIds(ByteString misread) {
    if (misread.isEmpty()) {
      return misread;
    }
    String text = Base64.getEncoder().encodeToString(misread.toByteArray());
    if (text.length() % 2 != 0 || !text.chars().allMatch(OtlpDecoder::isHex)) {
      return misread; // the producer sent base64 after all
    }
    return ByteString.copyFrom(HexFormat.of().parseHex(text));
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
