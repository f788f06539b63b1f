package io.tollgate.gate.evaluation;

import io.micronaut.context.annotation.Value;
import io.tollgate.gate.testrun.TestRunRow;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.SliSource;
import io.tollgate.rules.observation.HistoryRun;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.observation.SliObservation;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fills the judge's input for one evaluation step: each SLI is read by the {@link
 * ObservationSource} of its kind, in parallel, within the step's deadline. A source that fails or
 * runs past the deadline makes its SLI an error observation, never an empty (passing) one.
 */
@Singleton
final class ObservationBuilder {
  /** The judge's input, and the evidence of what was asked for it. */
  record Built(Observations observations, Map<String, Decision.Source> sources) {}

  /** One step's parameters. */
  record Scope(
      Gate gate,
      EvaluationRequest request,
      Instant from,
      Instant to,
      HistoryLookup history,
      Deadline deadline) {}

  /** Earlier values of an SLI (newest first), from earlier decisions. */
  interface HistoryLookup {
    List<HistoryRun> of(String sli);
  }

  private record Observed(SliObservation observation, Decision.Source source) {}

  private final Map<Class<?>, ObservationSource<?>> sources = new HashMap<>();
  private final TestRunSource testRuns;
  private final ExecutorService pool;

  ObservationBuilder(
      List<ObservationSource<?>> sources,
      TestRunSource testRuns,
      @Value("${tollgate.evaluations.source-parallelism:4}") int parallelism) {
    for (ObservationSource<?> s : sources) {
      this.sources.put(s.type(), s);
    }
    this.testRuns = testRuns;
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
    List<TestRunRow> runs = List.of();
    String runsError = null;
    try {
      runs = testRuns.load(req.testRunsOrEmpty());
    } catch (SourceException e) {
      runsError = e.getMessage();
    }
    ObservationContext.Sides sides = ObservationContext.Sides.of(req);
    List<Sli> slis = scope.gate().slis();
    List<ObservationContext> contexts = new ArrayList<>();
    List<Future<Observed>> pending = new ArrayList<>();
    for (Sli sli : slis) {
      ObservationContext c =
          new ObservationContext(
              scope.gate(),
              req,
              scope.from(),
              scope.to(),
              sides,
              scope.history(),
              runs,
              runsError,
              scope.deadline(),
              Collections.synchronizedMap(new LinkedHashMap<>()));
      contexts.add(c);
      pending.add(pool.submit(() -> observe(sli, c)));
    }
    Map<String, SliObservation> out = new LinkedHashMap<>();
    Map<String, Decision.Source> evidence = new LinkedHashMap<>();
    for (int i = 0; i < slis.size(); i++) {
      Observed o = join(pending.get(i), slis.get(i), contexts.get(i), scope.deadline());
      out.put(slis.get(i).name(), o.observation());
      evidence.put(slis.get(i).name(), o.source());
    }
    return new Built(Observations.of(out), evidence);
  }

  private Observed observe(Sli sli, ObservationContext c) {
    try {
      SliObservation observed = read(sli.source(), sli, c);
      return new Observed(observed, new Decision.Source(sli.source().kind(), asked(c), null));
    } catch (SourceException e) {
      return new Observed(
          SliObservation.failed(e.getMessage()),
          new Decision.Source(sli.source().kind(), asked(c), e.getMessage()));
    }
  }

  @SuppressWarnings("unchecked")
  private <S extends SliSource> SliObservation read(S source, Sli sli, ObservationContext c)
      throws SourceException {
    ObservationSource<S> reader = (ObservationSource<S>) sources.get(source.getClass());
    if (reader == null) {
      throw new SourceException("unsupported source " + source.kind());
    }
    FlagSelector.requireSupport(reader, source.kind(), c.sides());
    return reader.observe(source, sli, c);
  }

  private static Map<String, String> asked(ObservationContext c) {
    synchronized (c.asked()) {
      return new LinkedHashMap<>(c.asked());
    }
  }

  private static Observed join(
      Future<Observed> f, Sli sli, ObservationContext c, Deadline deadline) {
    try {
      return f.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // interrupting ends Prometheus retries and waits; the SLI is an error, the step goes on
      f.cancel(true);
      return failed(sli, c, "no answer within the step's deadline");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return failed(sli, c, "interrupted");
    } catch (ExecutionException e) {
      return failed(
          sli, c, "reading the source failed: " + e.getCause().getClass().getSimpleName());
    }
  }

  private static Observed failed(Sli sli, ObservationContext c, String why) {
    return new Observed(
        SliObservation.failed(why), new Decision.Source(sli.source().kind(), asked(c), why));
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
