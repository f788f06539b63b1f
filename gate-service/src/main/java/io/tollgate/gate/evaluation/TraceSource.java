package io.tollgate.gate.evaluation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Traces;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.Sketch;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.telemetry.aggregate.Sketches;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.OperationMinute;
import io.tollgate.telemetry.store.OperationStats;
import io.tollgate.telemetry.store.SpanQuery;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads {@code traces} SLIs from the per-minute span aggregates ingest wrote. */
@Singleton
final class TraceSource implements ObservationSource<Traces> {
  private final AggregateReader reader;

  TraceSource(AggregateReader reader) {
    this.reader = reader;
  }

  @Override
  public Class<Traces> type() {
    return Traces.class;
  }

  @Override
  public SliObservation observe(Traces t, Sli sli, ObservationContext c) throws SourceException {
    ObservationContext.Sides s = c.sides();
    if (s.canaryAnalysis()) {
      return c.pair(sli, side(t, s.canary(), c), side(t, s.baseline(), c));
    }
    Side target = s.target();
    Map<String, String> vars = c.variables(target);
    return c.single(
        sli,
        side(t, target, c),
        c.budgetWindows(
            sli, w -> totals(t, target, vars, c.to().minus(w), c.to()).map(Totals::counts)));
  }

  private Optional<Measurement> side(Traces t, Side side, ObservationContext c)
      throws SourceException {
    Map<String, String> vars = c.variables(side);
    c.asked().put(side.name(), describe(t, side, vars, c.from(), c.to()));
    return perMinute(t, side, vars, c.from(), c.to());
  }

  /**
   * The side's requests, errors and latency minute by minute, merged over partitions and series:
   * the judge's sequential tests need to know when each request and error happened and under which
   * canary/baseline split, and compare latency per interval.
   */
  Optional<Measurement> perMinute(
      Traces t, Side side, Map<String, String> vars, Instant from, Instant to)
      throws SourceException {
    List<OperationMinute> rows;
    try {
      rows = reader.operationMinutes(query(t, side, vars, from, to));
    } catch (SQLException e) {
      throw new SourceException("reading span aggregates failed", e);
    }
    Map<Instant, Totals> minutes = new TreeMap<>();
    for (OperationMinute row : rows) {
      OperationStats s = row.stats();
      if (!matches(side, "version", s.series().version())
          || !matches(side, "environment", s.series().environment())) {
        continue;
      }
      minutes.merge(row.minute(), Totals.of(s), Totals::plus);
    }
    List<Interval> intervals = new ArrayList<>(minutes.size());
    long requests = 0;
    for (Map.Entry<Instant, Totals> e : minutes.entrySet()) {
      Totals x = e.getValue();
      requests += x.requests();
      intervals.add(
          switch (t.measure()) {
            case REQUESTS, ERROR_RATIO -> Interval.ofCounts(e.getKey(), x.requests(), x.errors());
            case LATENCY -> Interval.ofDistribution(e.getKey(), new Sketch(x.latency()));
          });
    }
    return requests == 0 ? Optional.empty() : Optional.of(Measurement.ofIntervals(intervals));
  }

  private static SpanQuery query(
      Traces t, Side side, Map<String, String> vars, Instant from, Instant to)
      throws SourceException {
    if (!t.filter().isEmpty()) {
      throw new SourceException(
          "span attribute filters "
              + t.filter().keySet()
              + " are not supported: ingest keeps"
              + " aggregates per service, version, environment, track and operation");
    }
    String service = Templates.fill(t.service(), vars);
    String operation = t.operation().isEmpty() ? null : Templates.fill(t.operation(), vars);
    return new SpanQuery(service, side.label("track"), operation, from, to);
  }

  /** What was asked, for the decision's evidence. */
  static String describe(Traces t, Side side, Map<String, String> vars, Instant from, Instant to) {
    return "service="
        + Templates.describe(t.service(), vars)
        + (t.operation().isEmpty() ? "" : " operation=" + Templates.describe(t.operation(), vars))
        + selector(side)
        + " window=["
        + from
        + ", "
        + to
        + ")";
  }

  private static String selector(Side side) {
    StringBuilder b = new StringBuilder();
    for (String k : List.of("version", "environment", "track")) {
      String v = side.label(k);
      if (v != null) {
        b.append(' ').append(k).append('=').append(v);
      }
    }
    return b.toString();
  }

  /** The side's requests, errors and latency, merged over partitions, minutes and series. */
  Optional<Totals> totals(Traces t, Side side, Map<String, String> vars, Instant from, Instant to)
      throws SourceException {
    List<OperationStats> stats;
    try {
      stats = reader.operations(query(t, side, vars, from, to));
    } catch (SQLException e) {
      throw new SourceException("reading span aggregates failed", e);
    }
    long requests = 0;
    long errors = 0;
    DDSketch latency = Sketches.newSketch();
    for (OperationStats s : stats) {
      if (!matches(side, "version", s.series().version())
          || !matches(side, "environment", s.series().environment())) {
        continue;
      }
      requests += s.requests();
      errors += s.errors();
      latency.mergeWith(s.latencyMs());
    }
    return requests == 0 ? Optional.empty() : Optional.of(new Totals(requests, errors, latency));
  }

  private static boolean matches(Side side, String key, String actual) {
    String wanted = side.label(key);
    return wanted == null || wanted.equals(actual);
  }

  record Totals(long requests, long errors, DDSketch latency) {
    Counts counts() {
      return new Counts(requests, errors);
    }

    static Totals of(OperationStats s) {
      DDSketch latency = Sketches.newSketch();
      latency.mergeWith(s.latencyMs());
      return new Totals(s.requests(), s.errors(), latency);
    }

    /** The sum; merges {@code o}'s sketch into this one's, which is not shared. */
    Totals plus(Totals o) {
      latency.mergeWith(o.latency());
      return new Totals(requests + o.requests(), errors + o.errors(), latency);
    }
  }
}
