package io.tollgate.gate.evaluation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.tollgate.ingest.aggregate.Sketches;
import io.tollgate.ingest.store.AggregateReader;
import io.tollgate.ingest.store.OperationStats;
import io.tollgate.ingest.store.SpanQuery;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Traces;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.Sketch;
import io.tollgate.rules.observation.SliObservation;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    return totals(t, side, vars, c.from(), c.to()).map(x -> measure(t, x));
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
    if (!t.filter().isEmpty()) {
      throw new SourceException(
          "span attribute filters "
              + t.filter().keySet()
              + " are not supported: ingest keeps"
              + " aggregates per service, version, environment, track and operation");
    }
    String service = Templates.fill(t.service(), vars);
    String operation = t.operation().isEmpty() ? null : Templates.fill(t.operation(), vars);
    List<OperationStats> stats;
    try {
      stats = reader.operations(new SpanQuery(service, side.label("track"), operation, from, to));
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

  Measurement measure(Traces t, Totals totals) {
    return switch (t.measure()) {
      case REQUESTS, ERROR_RATIO -> Measurement.ofCounts(totals.requests(), totals.errors());
      case LATENCY -> Measurement.ofDistribution(new Sketch(totals.latency()));
    };
  }

  private static boolean matches(Side side, String key, String actual) {
    String wanted = side.label(key);
    return wanted == null || wanted.equals(actual);
  }

  record Totals(long requests, long errors, DDSketch latency) {
    Counts counts() {
      return new Counts(requests, errors);
    }
  }
}
