package io.tollgate.gate.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Drops spans ingest cannot use: a trace id that is not 16 bytes or all zero, a span id that is not
 * 8 bytes or all zero (the OTLP data model calls both invalid), or no start time.
 */
final class SpanValidation {
  private SpanValidation() {}

  static Accepted<ExportTraceServiceRequest> check(ExportTraceServiceRequest request) {
    long kept = 0;
    long badIds = 0;
    long noTime = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          if (!validId(span.getTraceId(), 16) || !validId(span.getSpanId(), 8)) {
            badIds++;
          } else if (span.getStartTimeUnixNano() == 0) {
            noTime++;
          } else {
            kept++;
          }
        }
      }
    }
    if (badIds == 0 && noTime == 0) {
      return new Accepted<>(request, kept, 0, "");
    }
    ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      ResourceSpans.Builder rsb = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder ssb = ss.toBuilder().clearSpans();
        for (Span span : ss.getSpansList()) {
          if (validId(span.getTraceId(), 16)
              && validId(span.getSpanId(), 8)
              && span.getStartTimeUnixNano() != 0) {
            ssb.addSpans(span);
          }
        }
        if (ssb.getSpansCount() > 0) {
          rsb.addScopeSpans(ssb);
        }
      }
      if (rsb.getScopeSpansCount() > 0) {
        out.addResourceSpans(rsb);
      }
    }
    StringBuilder reason = new StringBuilder();
    if (badIds > 0) {
      reason.append(badIds).append(" span(s) with an invalid trace_id or span_id");
      reason.append(" (16 and 8 bytes, not all zero; hex in OTLP/JSON)");
    }
    if (noTime > 0) {
      reason.append(reason.isEmpty() ? "" : "; ").append(noTime);
      reason.append(" span(s) without start_time_unix_nano");
    }
    return new Accepted<>(out.build(), kept, badIds + noTime, reason.toString());
  }

  static boolean validId(ByteString id, int length) {
    if (id.size() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (id.byteAt(i) != 0) {
        return true;
      }
    }
    return false;
  }
}
