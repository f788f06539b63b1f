package io.tollgate.ingest.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.tollgate.telemetry.aggregate.CardinalityGuard;
import io.tollgate.telemetry.aggregate.FailureSignature;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.TestId;
import java.util.HexFormat;
import java.util.List;

/**
 * Maps the spans of an export request onto a batch: request spans into per-minute series and
 * operation statistics, error spans into failure signatures.
 */
public final class TraceMapper {
  private static final long NANOS_PER_MINUTE = 60_000_000_000L;

  private final AttributeMapping mapping;
  private final CardinalityGuard guard;
  private final Operations operations;
  private final Signatures signatures;
  private final FactCollector facts;
  private final FlagVariants flags;
  private final TestTraffic testTraffic;

  public TraceMapper(AttributeMapping mapping, CardinalityGuard guard) {
    this.mapping = mapping;
    this.guard = guard;
    this.operations = new Operations(mapping.maxValueLength());
    this.signatures = new Signatures(mapping.maxValueLength());
    this.facts = new FactCollector(mapping.maxValueLength());
    this.flags = new FlagVariants(mapping.flags(), mapping.maxValueLength());
    this.testTraffic =
        new TestTraffic(mapping.testTraffic(), mapping.maxValueLength(), guard.separate());
  }

  /** Adds every span of {@code request} to {@code batch}; returns the number of spans. */
  public int map(ExportTraceServiceRequest request, PartitionBatch batch) {
    int count = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      List<KeyValue> resource = rs.getResource().getAttributesList();
      SeriesKey resourceSeries = series(resource);
      boolean trackOnSpan = resourceSeries.track().isEmpty();
      TestTraffic.Marks tests = testTraffic.resource(resource);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          count++;
          SeriesKey series = trackOnSpan ? withSpanTrack(resourceSeries, span) : resourceSeries;
          mapSpan(series, span, testTraffic.of(tests, span), batch);
        }
      }
      facts.collect(rs, resourceSeries, batch);
    }
    return count;
  }

  /** Maps one span; {@code test} is the test that sent it, null for production traffic. */
  private void mapSpan(SeriesKey series, Span span, TestId test, PartitionBatch batch) {
    boolean request = mapping.requestKinds().contains(span.getKind());
    Span.Event exception = Signatures.escapedException(span);
    boolean error = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    boolean failed = error || exception != null;
    if (!request && !failed) {
      batch.countSpan();
      return;
    }
    String operation = operations.of(span);
    if (request) {
      long start = span.getStartTimeUnixNano();
      double latencyMs = (span.getEndTimeUnixNano() - start) / 1_000_000.0;
      long minute = Math.floorDiv(start, NANOS_PER_MINUTE) * 60;
      if (test != null) {
        testTraffic.recordSpan(batch, series, test, operation, minute, latencyMs, failed);
      } else {
        boolean admitted = batch.recordSpan(series, operation, minute, latencyMs, failed, guard);
        flags.record(series, operation, admitted, span, minute, latencyMs, failed, batch);
      }
    } else {
      batch.countSpan();
    }
    if (failed) {
      FailureSignature signature = signatures.of(series.service(), span, operation, exception);
      if (test != null) {
        testTraffic.recordFailure(
            batch, signature, series, test, span.getStartTimeUnixNano(), exemplar(span));
        return;
      }
      String id =
          batch.recordFailure(
              signature,
              series.track(),
              series.version(),
              span.getStartTimeUnixNano(),
              exemplar(span));
      flags.recordFailure(span, id, batch);
    }
  }

  private SeriesKey series(List<KeyValue> resource) {
    String service = value(resource, mapping.serviceKey());
    String environment = null;
    for (String key : mapping.environmentKeys()) {
      environment = value(resource, key);
      if (environment != null) {
        break;
      }
    }
    return new SeriesKey(
        service == null || service.isEmpty() ? "unknown_service" : service,
        value(resource, mapping.versionKey()),
        environment,
        value(resource, mapping.trackKey()));
  }

  private SeriesKey withSpanTrack(SeriesKey resourceSeries, Span span) {
    String track = value(span.getAttributesList(), mapping.trackKey());
    if (track == null) {
      return resourceSeries;
    }
    return new SeriesKey(
        resourceSeries.service(), resourceSeries.version(), resourceSeries.environment(), track);
  }

  private String value(List<KeyValue> attributes, String key) {
    return Attributes.truncate(Attributes.get(attributes, key), mapping.maxValueLength());
  }

  static String exemplar(Span span) {
    HexFormat hex = HexFormat.of();
    return hex.formatHex(span.getTraceId().toByteArray())
        + ":"
        + hex.formatHex(span.getSpanId().toByteArray());
  }
}
