package io.tollgate.gate.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * Drops data points ingest cannot use: every point of a metric without a name, and points without
 * {@code time_unix_nano} (required by the OTLP data model).
 */
final class PointValidation {
  private PointValidation() {}

  static Accepted<ExportMetricsServiceRequest> check(ExportMetricsServiceRequest request) {
    long kept = 0;
    long unnamed = 0;
    long noTime = 0;
    ExportMetricsServiceRequest.Builder out = ExportMetricsServiceRequest.newBuilder();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      ResourceMetrics.Builder rmb = rm.toBuilder().clearScopeMetrics();
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        ScopeMetrics.Builder smb = sm.toBuilder().clearMetrics();
        for (Metric metric : sm.getMetricsList()) {
          int points = points(metric);
          if (metric.getName().isBlank()) {
            unnamed += points;
            continue;
          }
          Metric timed = timedOnly(metric);
          int left = points(timed);
          noTime += points - left;
          kept += left;
          if (left > 0) {
            smb.addMetrics(timed);
          }
        }
        if (smb.getMetricsCount() > 0) {
          rmb.addScopeMetrics(smb);
        }
      }
      if (rmb.getScopeMetricsCount() > 0) {
        out.addResourceMetrics(rmb);
      }
    }
    if (unnamed == 0 && noTime == 0) {
      return new Accepted<>(request, kept, 0, "");
    }
    StringBuilder reason = new StringBuilder();
    if (unnamed > 0) {
      reason.append(unnamed).append(" data point(s) of metrics without a name");
    }
    if (noTime > 0) {
      reason.append(reason.isEmpty() ? "" : "; ").append(noTime);
      reason.append(" data point(s) without time_unix_nano");
    }
    return new Accepted<>(out.build(), kept, unnamed + noTime, reason.toString());
  }

  static int points(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }

  private static Metric timedOnly(Metric m) {
    Metric.Builder b = m.toBuilder();
    switch (m.getDataCase()) {
      case GAUGE -> {
        var points = m.getGauge().getDataPointsList();
        b.getGaugeBuilder().clearDataPoints();
        points.stream()
            .filter(p -> p.getTimeUnixNano() != 0)
            .forEach(b.getGaugeBuilder()::addDataPoints);
      }
      case SUM -> {
        var points = m.getSum().getDataPointsList();
        b.getSumBuilder().clearDataPoints();
        points.stream()
            .filter(p -> p.getTimeUnixNano() != 0)
            .forEach(b.getSumBuilder()::addDataPoints);
      }
      case HISTOGRAM -> {
        var points = m.getHistogram().getDataPointsList();
        b.getHistogramBuilder().clearDataPoints();
        points.stream()
            .filter(p -> p.getTimeUnixNano() != 0)
            .forEach(b.getHistogramBuilder()::addDataPoints);
      }
      case EXPONENTIAL_HISTOGRAM -> {
        var points = m.getExponentialHistogram().getDataPointsList();
        b.getExponentialHistogramBuilder().clearDataPoints();
        points.stream()
            .filter(p -> p.getTimeUnixNano() != 0)
            .forEach(b.getExponentialHistogramBuilder()::addDataPoints);
      }
      case SUMMARY -> {
        var points = m.getSummary().getDataPointsList();
        b.getSummaryBuilder().clearDataPoints();
        points.stream()
            .filter(p -> p.getTimeUnixNano() != 0)
            .forEach(b.getSummaryBuilder()::addDataPoints);
      }
      case DATA_NOT_SET -> {
        // nothing to filter
      }
    }
    return b.build();
  }
}
