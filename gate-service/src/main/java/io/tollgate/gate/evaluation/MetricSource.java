package io.tollgate.gate.evaluation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.tollgate.rules.model.Metrics;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.Sketch;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.telemetry.aggregate.MetricStats;
import io.tollgate.telemetry.aggregate.Sketches;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.MetricMinute;
import io.tollgate.telemetry.store.MetricQuery;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@code metrics} SLIs from OTLP metric minute aggregates: a counter's increase over the
 * window, a gauge's mean, a histogram's merged distribution. A histogram is also given minute by
 * minute, so latency tests can take intervals, not single values, as their unit; counters and
 * gauges are scalars, which have no per-interval form in the judge's input.
 */
@Singleton
final class MetricSource implements ObservationSource<Metrics> {
  private final AggregateReader reader;

  MetricSource(AggregateReader reader) {
    this.reader = reader;
  }

  @Override
  public Class<Metrics> type() {
    return Metrics.class;
  }

  @Override
  public SliObservation observe(Metrics m, Sli sli, ObservationContext c) throws SourceException {
    ObservationContext.Sides s = c.sides();
    return s.canaryAnalysis()
        ? c.pair(sli, side(m, s.canary(), c), side(m, s.baseline(), c))
        : c.single(sli, side(m, s.target(), c), List.of());
  }

  private Optional<Measurement> side(Metrics m, Side side, ObservationContext c)
      throws SourceException {
    c.asked().put(side.name(), describe(m, side, c.from(), c.to()));
    return read(m, side, c.variables(side), c.from(), c.to());
  }

  static String describe(Metrics m, Side side, Instant from, Instant to) {
    return "metric="
        + m.name()
        + " "
        + m.attributes()
        + " service="
        + side.label("service")
        + " window=["
        + from
        + ", "
        + to
        + ")";
  }

  Optional<Measurement> read(
      Metrics m, Side side, Map<String, String> vars, Instant from, Instant to)
      throws SourceException {
    String service = side.label("service");
    if (service == null) {
      throw new SourceException("a metrics SLI needs the side's 'service' label");
    }
    MetricQuery q =
        MetricQuery.of(m.name(), service, from, to)
            .withVersion(side.label("version"))
            .withEnvironment(side.label("environment"))
            .withTrack(side.label("track"));
    for (Map.Entry<String, String> a : m.attributes().entrySet()) {
      q = q.withAttribute(a.getKey(), Templates.fill(a.getValue(), vars));
    }
    if (m.type() != Metrics.Type.HISTOGRAM) {
      q = q.withoutSketches();
    }
    List<MetricMinute> minutes;
    try {
      minutes = reader.metricMinutes(q);
    } catch (SQLException e) {
      throw new SourceException("reading metric aggregates failed", e);
    }
    double counterIncrease = 0;
    double gaugeSum = 0;
    long gaugeSamples = 0;
    DDSketch histogram = Sketches.newSketch();
    Map<Instant, DDSketch> perMinute = new TreeMap<>();
    Map<String, double[]> firstLast = new HashMap<>();
    boolean any = false;
    for (MetricMinute minute : minutes) {
      any = true;
      MetricStats s = minute.stats();
      switch (m.type()) {
        case COUNTER -> {
          if (s.cumulative()) {
            // cumulative sums: the increase is the last value minus the first seen in the window
            String series = minute.series() + minute.attributes();
            double[] fl = firstLast.computeIfAbsent(series, k -> new double[] {s.last(), s.last()});
            fl[1] = s.last();
          } else {
            counterIncrease += s.sum();
          }
        }
        case GAUGE -> {
          gaugeSum += s.sum();
          gaugeSamples += s.samples();
        }
        case HISTOGRAM -> {
          if (s.sketch() != null) {
            histogram.mergeWith(s.sketch());
            perMinute
                .computeIfAbsent(minute.minute(), k -> Sketches.newSketch())
                .mergeWith(s.sketch());
          }
        }
      }
    }
    if (!any) {
      return Optional.empty();
    }
    for (double[] fl : firstLast.values()) {
      counterIncrease += Math.max(0, fl[1] - fl[0]);
    }
    return switch (m.type()) {
      case COUNTER -> Optional.of(Measurement.ofValue(counterIncrease));
      case GAUGE ->
          gaugeSamples == 0
              ? Optional.empty()
              : Optional.of(Measurement.ofValue(gaugeSum / gaugeSamples));
      case HISTOGRAM -> histogram.isEmpty() ? Optional.empty() : Optional.of(histogram(perMinute));
    };
  }

  /** The minutes' sketches as intervals; the window's distribution is their merge. */
  private static Measurement histogram(Map<Instant, DDSketch> perMinute) {
    List<Interval> intervals = new ArrayList<>(perMinute.size());
    for (Map.Entry<Instant, DDSketch> e : perMinute.entrySet()) {
      if (!e.getValue().isEmpty()) {
        intervals.add(Interval.ofDistribution(e.getKey(), new Sketch(e.getValue())));
      }
    }
    return Measurement.ofIntervals(intervals);
  }
}
