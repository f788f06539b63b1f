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
import io.tollgate.telemetry.store.MinuteCounts;
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
  private final TrafficSplit reader;

  TraceSource(TrafficSplit reader) {
    this.reader = reader;
  }

  @Override
  public Class<Traces> type() {
    return Traces.class;
  }

  /** Flag selectors are fine: it reads the spans served with each variant. */
  @Override
  public boolean supportsFlagSelectors() {
    return true;
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
        c.budgetWindows(sli, w -> counts(t, target, vars, c.to().minus(w), c.to())));
  }

  private Optional<Measurement> side(Traces t, Side side, ObservationContext c)
      throws SourceException {
    Map<String, String> vars = c.variables(side);
    c.asked().put(side.name(), describe(t, side, vars, c.from(), c.to()));
    if (t.traffic() == Traces.Traffic.USERS) {
      try {
        long excluded = reader.excluded(query(t, side, vars, c.from(), c.to()));
        c.asked().merge(TrafficSplit.EXCLUDED, Long.toString(excluded), TraceSource::sum);
      } catch (SQLException e) {
        throw new SourceException("reading test traffic failed", e);
      }
    }
    return perMinute(t, side, vars, c.from(), c.to());
  }

  private static String sum(String a, String b) {
    return Long.toString(Long.parseLong(a) + Long.parseLong(b));
  }

  /**
   * The side's requests, errors and latency minute by minute, merged over partitions and series:
   * the judge's sequential tests need to know when each request and error happened and under which
   * canary/baseline split, and compare latency per interval. Count measures read no sketch.
   */
  Optional<Measurement> perMinute(
      Traces t, Side side, Map<String, String> vars, Instant from, Instant to)
      throws SourceException {
    TraceReads reads = TraceReads.of(reader, t.traffic(), query(t, side, vars, from, to), side);
    List<Interval> intervals = new ArrayList<>();
    long requests = 0;
    try {
      if (t.measure() == Traces.Measure.LATENCY) {
        Map<Instant, Totals> minutes = new TreeMap<>();
        for (OperationMinute row : reads.operationMinutes()) {
          minutes.merge(row.minute(), Totals.of(row.stats()), Totals::plus);
        }
        for (Map.Entry<Instant, Totals> e : minutes.entrySet()) {
          requests += e.getValue().requests();
          intervals.add(Interval.ofDistribution(e.getKey(), new Sketch(e.getValue().latency())));
        }
      } else {
        for (MinuteCounts m : reads.minuteCounts()) {
          requests += m.requests();
          intervals.add(Interval.ofCounts(m.minute(), m.requests(), m.errors()));
        }
      }
    } catch (SQLException e) {
      throw new SourceException("reading span aggregates failed", e);
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
    return new SpanQuery(
        service,
        side.label("version"),
        side.label("environment"),
        side.label("track"),
        operation,
        from,
        to);
  }

  /** What was asked, for the decision's evidence. */
  static String describe(Traces t, Side side, Map<String, String> vars, Instant from, Instant to) {
    return "service="
        + Templates.describe(t.service(), vars)
        + (t.operation().isEmpty() ? "" : " operation=" + Templates.describe(t.operation(), vars))
        + selector(side)
        + (t.traffic() == Traces.Traffic.USERS
            ? ""
            : " traffic=" + t.traffic().name().toLowerCase(java.util.Locale.ROOT))
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
    FlagSelector.of(side).ifPresent(f -> b.append(f.describe()));
    return b.toString();
  }

  /**
   * The side's requests and errors, summed in the database over partitions, series and the window
   * (from rollups where built): a budget window of 30 days reads no sketch and few rows.
   */
  Optional<Counts> counts(Traces t, Side side, Map<String, String> vars, Instant from, Instant to)
      throws SourceException {
    long[] sum;
    try {
      sum = TraceReads.of(reader, t.traffic(), query(t, side, vars, from, to), side).counts();
    } catch (SQLException e) {
      throw new SourceException("reading span aggregates failed", e);
    }
    return sum[0] == 0 ? Optional.empty() : Optional.of(new Counts(sum[0], sum[1]));
  }

  record Totals(long requests, long errors, DDSketch latency) {

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
