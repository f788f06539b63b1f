package io.tollgate.gate.evaluation;

import io.micronaut.context.annotation.Value;
import io.tollgate.gate.testrun.TestRunRow;
import io.tollgate.rules.model.Budget;
import io.tollgate.rules.model.BurnWindow;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Metrics;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.PrometheusQuery;
import io.tollgate.rules.model.Scenarios;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.TestRun;
import io.tollgate.rules.model.Traces;
import io.tollgate.rules.model.VsHistory;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.HistoryRun;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.observation.WindowCounts;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills the judge's input for one evaluation: per SLI, what each side measured in the window,
 * budget windows and history where criteria need them, and what was asked of each source. A source
 * that fails makes its SLI an error observation, never an empty (passing) one.
 */
@Singleton
final class ObservationBuilder {
  /** The judge's input, and the evidence of what was asked for it. */
  record Built(Observations observations, Map<String, Decision.Source> sources) {}

  /** One evaluation's parameters. */
  record Scope(
      Gate gate, EvaluationRequest request, Instant from, Instant to, HistoryLookup history) {}

  /** Earlier values of an SLI (newest first), from earlier decisions. */
  interface HistoryLookup {
    List<HistoryRun> of(String sli);
  }

  private final TraceSource traces;
  private final MetricSource metrics;
  private final TestRunSource testRuns;
  private final PrometheusSource prometheus;
  private final ScenarioSource scenarios;

  private final ExecutorService pool;

  ObservationBuilder(
      TraceSource traces,
      MetricSource metrics,
      TestRunSource testRuns,
      PrometheusSource prometheus,
      ScenarioSource scenarios,
      @Value("${tollgate.evaluations.source-parallelism:4}") int parallelism) {
    this.traces = traces;
    this.metrics = metrics;
    this.testRuns = testRuns;
    this.prometheus = prometheus;
    this.scenarios = scenarios;
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, parallelism),
            r -> {
              Thread t = new Thread(r, "tollgate-sources");
              t.setDaemon(true);
              return t;
            });
  }

  Built build(Scope scope) {
    EvaluationRequest req = scope.request();
    boolean canaryAnalysis = !req.canaryOrEmpty().isEmpty() && !req.baselineOrEmpty().isEmpty();
    Side canary = new Side(Side.CANARY, req.canaryOrEmpty());
    Side baseline = new Side(Side.BASELINE, req.baselineOrEmpty());
    Side target = new Side(Side.TARGET, req.targetOrEmpty());
    Map<String, String> requestVars = req.variables() == null ? Map.of() : req.variables();
    Map<String, SliObservation> out = new LinkedHashMap<>();
    Map<String, Decision.Source> sources = new LinkedHashMap<>();
    List<TestRunRow> runs = null;
    String runsError = null;
    try {
      runs = testRuns.load(req.testRunsOrEmpty());
    } catch (SourceException e) {
      runsError = e.getMessage();
    }
    // each SLI's sources are asked in parallel, at most `parallelism` at a time per replica
    final List<TestRunRow> currentRuns = runs;
    final String currentRunsError = runsError;
    List<Future<Observed>> pending = new ArrayList<>();
    for (Sli sli : scope.gate().slis()) {
      pending.add(
          pool.submit(
              () ->
                  observe(
                      sli,
                      scope,
                      req,
                      canaryAnalysis,
                      canary,
                      baseline,
                      target,
                      requestVars,
                      currentRuns,
                      currentRunsError)));
    }
    List<Sli> slis = scope.gate().slis();
    for (int i = 0; i < slis.size(); i++) {
      Observed o = join(pending.get(i), slis.get(i));
      out.put(slis.get(i).name(), o.observation());
      sources.put(slis.get(i).name(), o.source());
    }
    return new Built(Observations.of(out), sources);
  }

  private Optional<Measurement> tracesOf(
      Traces t, Side side, Scope scope, Map<String, String> requestVars, Map<String, String> asked)
      throws SourceException {
    Map<String, String> vars = side.variables(scope.gate().variables(), requestVars);
    asked.put(side.name(), TraceSource.describe(t, side, vars, scope.from(), scope.to()));
    return traces.totals(t, side, vars, scope.from(), scope.to()).map(x -> traces.measure(t, x));
  }

  private Optional<Measurement> metricOf(
      Metrics m, Side side, Scope scope, Map<String, String> requestVars, Map<String, String> asked)
      throws SourceException {
    Map<String, String> vars = side.variables(scope.gate().variables(), requestVars);
    asked.put(side.name(), MetricSource.describe(m, side, scope.from(), scope.to()));
    return metrics.read(m, side, vars, scope.from(), scope.to());
  }

  private record Observed(SliObservation observation, Decision.Source source) {}

  private Observed observe(
      Sli sli,
      Scope scope,
      EvaluationRequest req,
      boolean canaryAnalysis,
      Side canary,
      Side baseline,
      Side target,
      Map<String, String> requestVars,
      List<TestRunRow> runs,
      String runsError) {
    Map<String, String> asked = new LinkedHashMap<>();
    try {
      SliObservation observed;
      if (sli.source() instanceof Traces t) {
        observed =
            canaryAnalysis
                ? pair(
                    sli,
                    scope,
                    tracesOf(t, canary, scope, requestVars, asked),
                    tracesOf(t, baseline, scope, requestVars, asked))
                : single(
                    sli,
                    scope,
                    tracesOf(t, target, scope, requestVars, asked),
                    budgetWindows(
                        sli,
                        scope,
                        w ->
                            traces
                                .totals(
                                    t,
                                    target,
                                    target.variables(scope.gate().variables(), requestVars),
                                    scope.to().minus(w),
                                    scope.to())
                                .map(TraceSource.Totals::counts)));
      } else if (sli.source() instanceof Metrics m) {
        observed =
            canaryAnalysis
                ? pair(
                    sli,
                    scope,
                    metricOf(m, canary, scope, requestVars, asked),
                    metricOf(m, baseline, scope, requestVars, asked))
                : single(sli, scope, metricOf(m, target, scope, requestVars, asked), List.of());
      } else if (sli.source() instanceof PrometheusQuery p) {
        observed =
            canaryAnalysis
                ? pair(
                    sli,
                    scope,
                    prometheus.read(p, canary, scope, requestVars, asked),
                    prometheus.read(p, baseline, scope, requestVars, asked))
                : single(
                    sli,
                    scope,
                    prometheus.read(p, target, scope, requestVars, asked),
                    budgetWindows(
                        sli,
                        scope,
                        w ->
                            prometheus
                                .read(
                                    p,
                                    target,
                                    new Scope(
                                        scope.gate(),
                                        scope.request(),
                                        scope.to().minus(w),
                                        scope.to(),
                                        scope.history()),
                                    requestVars,
                                    new LinkedHashMap<>())
                                .flatMap(Measurement::counts)));
      } else if (sli.source() instanceof Scenarios sc) {
        Side side = canaryAnalysis ? canary : target;
        observed =
            new SliObservation(
                Optional.empty(),
                Optional.empty(),
                Optional.of(
                    scenarios.count(
                        sc,
                        side,
                        side.variables(scope.gate().variables(), requestVars),
                        scope.from(),
                        scope.to(),
                        asked)),
                List.of(),
                List.of(),
                Optional.empty());
      } else if (sli.source() instanceof TestRun t) {
        if (runsError != null) {
          throw new SourceException(runsError);
        }
        asked.put(Side.TARGET, "test runs " + req.testRunsOrEmpty());
        observed =
            new SliObservation(
                Optional.empty(),
                Optional.empty(),
                testRuns.measure(t, runs),
                testRuns.history(t, runs),
                List.of(),
                Optional.empty());
      } else {
        throw new SourceException("unsupported source " + sli.source().kind());
      }
      return new Observed(observed, new Decision.Source(sli.source().kind(), asked, null));
    } catch (SourceException e) {
      return new Observed(
          SliObservation.failed(e.getMessage()),
          new Decision.Source(sli.source().kind(), asked, e.getMessage()));
    }
  }

  private static Observed join(Future<Observed> f, Sli sli) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(sli, "interrupted");
    } catch (ExecutionException e) {
      return failed(sli, "reading the source failed: " + e.getCause().getClass().getSimpleName());
    }
  }

  private static Observed failed(Sli sli, String why) {
    return new Observed(
        SliObservation.failed(why), new Decision.Source(sli.source().kind(), Map.of(), why));
  }

  /** Counts over some window ending at the evaluation's end. */
  interface WindowReader {
    Optional<Counts> counts(Duration window) throws SourceException;
  }

  /** Counts over each window a budget criterion of this SLI needs, ending at the window end. */
  private static List<WindowCounts> budgetWindows(Sli sli, Scope scope, WindowReader reader)
      throws SourceException {
    TreeSet<Duration> windows = new TreeSet<>();
    for (Objective o : sli.objectives()) {
      if (o.criterion() instanceof Budget b) {
        if (b.mode() == Budget.Mode.REMAINING) {
          windows.add(b.window());
        }
        for (BurnWindow w : b.burnWindows()) {
          windows.add(w.longWindow());
          windows.add(w.shortWindow());
        }
      }
    }
    List<WindowCounts> out = new ArrayList<>();
    for (Duration w : windows) {
      out.add(new WindowCounts(w, reader.counts(w).orElse(new Counts(0, 0))));
    }
    return out;
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }

  /** History only for SLIs that judge against it: it costs a query and parsing old decisions. */
  private static List<HistoryRun> history(Sli sli, Scope scope) {
    boolean wanted = sli.objectives().stream().anyMatch(o -> o.criterion() instanceof VsHistory);
    return wanted ? scope.history().of(sli.name()) : List.of();
  }

  private static SliObservation pair(
      Sli sli, Scope scope, Optional<Measurement> canary, Optional<Measurement> baseline) {
    return new SliObservation(
        canary, baseline, Optional.empty(), history(sli, scope), List.of(), Optional.empty());
  }

  private static SliObservation single(
      Sli sli, Scope scope, Optional<Measurement> current, List<WindowCounts> windows) {
    return new SliObservation(
        Optional.empty(),
        Optional.empty(),
        current,
        history(sli, scope),
        windows,
        Optional.empty());
  }
}
