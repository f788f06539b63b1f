package io.tollgate.ingest.otlp;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.tollgate.telemetry.aggregate.MetricKey;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.Sketches;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps OTLP metric data points (gauges, sums, histograms, exponential histograms) onto per-minute
 * aggregates by metric name, series and point attributes. Summaries are skipped: their quantiles
 * cannot be merged.
 */
public final class MetricMapper {
  private static final long NANOS_PER_MINUTE = 60_000_000_000L;

  /** The attributes column's width; longer attribute sets are cut (and may then share a row). */
  static final int MAX_ATTRIBUTES_LENGTH = 8000;

  private final AttributeMapping mapping;

  public MetricMapper(AttributeMapping mapping) {
    this.mapping = mapping;
  }

  /** Adds every data point to {@code batch}; returns the number of points. */
  public int map(ExportMetricsServiceRequest request, PartitionBatch batch) {
    int points = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      SeriesKey series = series(rm.getResource().getAttributesList());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          points += map(m, series, batch);
        }
      }
    }
    return points;
  }

  private int map(Metric m, SeriesKey series, PartitionBatch batch) {
    String name = Attributes.truncate(m.getName(), mapping.maxValueLength());
    switch (m.getDataCase()) {
      case GAUGE -> {
        for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
          number(batch, name, series, "gauge", false, p);
        }
        return m.getGauge().getDataPointsCount();
      }
      case SUM -> {
        boolean cumulative = cumulative(m.getSum().getAggregationTemporality());
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
          number(batch, name, series, "sum", cumulative, p);
        }
        return m.getSum().getDataPointsCount();
      }
      case HISTOGRAM -> {
        boolean cumulative = cumulative(m.getHistogram().getAggregationTemporality());
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          batch
              .metric(
                  key(name, series, p.getAttributesList(), p.getTimeUnixNano()),
                  "histogram",
                  cumulative)
              .addDistribution(
                  p.getCount(),
                  p.hasSum() ? p.getSum() : 0,
                  p.hasMin() ? p.getMin() : Double.NaN,
                  p.hasMax() ? p.getMax() : Double.NaN,
                  explicitBuckets(p),
                  p.getTimeUnixNano());
        }
        return m.getHistogram().getDataPointsCount();
      }
      case EXPONENTIAL_HISTOGRAM -> {
        boolean cumulative = cumulative(m.getExponentialHistogram().getAggregationTemporality());
        for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
          batch
              .metric(
                  key(name, series, p.getAttributesList(), p.getTimeUnixNano()),
                  "exponential_histogram",
                  cumulative)
              .addDistribution(
                  p.getCount(),
                  p.hasSum() ? p.getSum() : 0,
                  p.hasMin() ? p.getMin() : Double.NaN,
                  p.hasMax() ? p.getMax() : Double.NaN,
                  exponentialBuckets(p),
                  p.getTimeUnixNano());
        }
        return m.getExponentialHistogram().getDataPointsCount();
      }
      default -> {
        return 0;
      }
    }
  }

  private void number(
      PartitionBatch batch,
      String name,
      SeriesKey series,
      String kind,
      boolean cumulative,
      NumberDataPoint p) {
    double v =
        p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
    batch
        .metric(key(name, series, p.getAttributesList(), p.getTimeUnixNano()), kind, cumulative)
        .addValue(v, p.getTimeUnixNano());
  }

  private static boolean cumulative(AggregationTemporality t) {
    return t == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
  }

  private MetricKey key(String name, SeriesKey series, List<KeyValue> attributes, long t) {
    return new MetricKey(
        name, series, canonical(attributes), Math.floorDiv(t, NANOS_PER_MINUTE) * 60);
  }

  /** {@code {k="v",...}} sorted by key, values escaped as in PromQL. */
  String canonical(List<KeyValue> attributes) {
    if (attributes.isEmpty()) {
      return "{}";
    }
    List<String> pairs = new ArrayList<>(attributes.size());
    for (KeyValue kv : attributes) {
      String v = Attributes.truncate(Attributes.text(kv.getValue()), mapping.maxValueLength());
      pairs.add(
          Attributes.truncate(kv.getKey(), mapping.maxValueLength())
              + "=\""
              + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
              + "\"");
    }
    pairs.sort(null);
    String text = "{" + String.join(",", pairs) + "}";
    return Attributes.truncate(text, MAX_ATTRIBUTES_LENGTH);
  }

  /** Each explicit bucket contributes its count at its midpoint (open ends at their bound). */
  static DDSketch explicitBuckets(HistogramDataPoint p) {
    DDSketch sketch = Sketches.newSketch();
    List<Double> bounds = p.getExplicitBoundsList();
    for (int i = 0; i < p.getBucketCountsCount(); i++) {
      long count = p.getBucketCounts(i);
      if (count == 0) {
        continue;
      }
      double value;
      if (bounds.isEmpty()) {
        value = p.getCount() == 0 || !p.hasSum() ? 0 : p.getSum() / p.getCount();
      } else if (i == 0) {
        value = bounds.get(0);
      } else if (i >= bounds.size()) {
        value = bounds.get(bounds.size() - 1);
      } else {
        value = (bounds.get(i - 1) + bounds.get(i)) / 2;
      }
      sketch.accept(value, count);
    }
    return sketch;
  }

  /** Bucket {@code i} covers {@code (base^i, base^(i+1)]}, {@code base = 2^(2^-scale)}. */
  static DDSketch exponentialBuckets(ExponentialHistogramDataPoint p) {
    DDSketch sketch = Sketches.newSketch();
    double base = Math.pow(2, Math.pow(2, -p.getScale()));
    if (p.getZeroCount() > 0) {
      sketch.accept(0, p.getZeroCount());
    }
    ExponentialHistogramDataPoint.Buckets pos = p.getPositive();
    for (int i = 0; i < pos.getBucketCountsCount(); i++) {
      if (pos.getBucketCounts(i) > 0) {
        sketch.accept(Math.pow(base, pos.getOffset() + i + 0.5), pos.getBucketCounts(i));
      }
    }
    ExponentialHistogramDataPoint.Buckets neg = p.getNegative();
    for (int i = 0; i < neg.getBucketCountsCount(); i++) {
      if (neg.getBucketCounts(i) > 0) {
        sketch.accept(-Math.pow(base, neg.getOffset() + i + 0.5), neg.getBucketCounts(i));
      }
    }
    return sketch;
  }

  private SeriesKey series(List<KeyValue> resource) {
    String service = Attributes.get(resource, mapping.serviceKey());
    String environment = null;
    for (String key : mapping.environmentKeys()) {
      environment = Attributes.get(resource, key);
      if (environment != null) {
        break;
      }
    }
    int max = mapping.maxValueLength();
    return new SeriesKey(
        service == null || service.isEmpty()
            ? "unknown_service"
            : Attributes.truncate(service, max),
        Attributes.truncate(Attributes.get(resource, mapping.versionKey()), max),
        Attributes.truncate(environment, max),
        Attributes.truncate(Attributes.get(resource, mapping.trackKey()), max));
  }
}
