package io.tollgate.gate.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an export whose serialized size exceeds a budget into several exports of at most about the
 * budget each, by span (or metric), repeating its resource and scope in every part. Ingest reads
 * every record on its own, so the parts count exactly what the whole would. A single span or metric
 * larger than the budget stays one part.
 */
final class Splitter {
  /** Field tags and length prefixes around a nested message; generous, so parts stay under. */
  private static final int FRAMING = 16;

  private Splitter() {}

  static List<ExportTraceServiceRequest> traces(ExportTraceServiceRequest request, int budget) {
    if (request.getSerializedSize() <= budget) {
      return List.of(request);
    }
    List<ExportTraceServiceRequest> parts = new ArrayList<>();
    ExportTraceServiceRequest.Builder part = ExportTraceServiceRequest.newBuilder();
    int size = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      int resourceHead = rs.toBuilder().clearScopeSpans().build().getSerializedSize() + FRAMING;
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        int scopeHead = ss.toBuilder().clearSpans().build().getSerializedSize() + FRAMING;
        ScopeSpans.Builder scope = null;
        for (Span span : ss.getSpansList()) {
          int need = span.getSerializedSize() + FRAMING;
          int head = scope == null ? resourceHead + scopeHead : 0;
          if (size > 0 && size + head + need > budget) {
            parts.add(part.build());
            part = ExportTraceServiceRequest.newBuilder();
            size = 0;
            scope = null;
            head = resourceHead + scopeHead;
          }
          if (scope == null) {
            scope =
                part.addResourceSpansBuilder()
                    .mergeFrom(rs.toBuilder().clearScopeSpans().build())
                    .addScopeSpansBuilder()
                    .mergeFrom(ss.toBuilder().clearSpans().build());
          }
          scope.addSpans(span);
          size += head + need;
        }
      }
    }
    if (size > 0) {
      parts.add(part.build());
    }
    return parts;
  }

  static List<ExportMetricsServiceRequest> metrics(
      ExportMetricsServiceRequest request, int budget) {
    if (request.getSerializedSize() <= budget) {
      return List.of(request);
    }
    List<ExportMetricsServiceRequest> parts = new ArrayList<>();
    ExportMetricsServiceRequest.Builder part = ExportMetricsServiceRequest.newBuilder();
    int size = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      int resourceHead = rm.toBuilder().clearScopeMetrics().build().getSerializedSize() + FRAMING;
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        int scopeHead = sm.toBuilder().clearMetrics().build().getSerializedSize() + FRAMING;
        ScopeMetrics.Builder scope = null;
        for (Metric metric : sm.getMetricsList()) {
          int need = metric.getSerializedSize() + FRAMING;
          int head = scope == null ? resourceHead + scopeHead : 0;
          if (size > 0 && size + head + need > budget) {
            parts.add(part.build());
            part = ExportMetricsServiceRequest.newBuilder();
            size = 0;
            scope = null;
            head = resourceHead + scopeHead;
          }
          if (scope == null) {
            scope =
                part.addResourceMetricsBuilder()
                    .mergeFrom(rm.toBuilder().clearScopeMetrics().build())
                    .addScopeMetricsBuilder()
                    .mergeFrom(sm.toBuilder().clearMetrics().build());
          }
          scope.addMetrics(metric);
          size += head + need;
        }
      }
    }
    if (size > 0) {
      parts.add(part.build());
    }
    return parts;
  }
}
