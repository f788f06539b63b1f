package io.tollgate.gate.evaluation;

import io.tollgate.gate.testrun.TestRunQueries;
import io.tollgate.gate.testrun.TestRunRow;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.TestRun;
import io.tollgate.rules.observation.HistoryRun;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads {@code testrun} SLIs from uploaded test runs, and their history from earlier runs. */
@Singleton
final class TestRunSource implements ObservationSource<TestRun> {
  static final int HISTORY = 50;

  private final TestRunQueries runs;

  TestRunSource(TestRunQueries runs) {
    this.runs = runs;
  }

  @Override
  public Class<TestRun> type() {
    return TestRun.class;
  }

  @Override
  public SliObservation observe(TestRun t, Sli sli, ObservationContext c) throws SourceException {
    if (c.runsError() != null) {
      throw new SourceException(c.runsError());
    }
    c.asked().put(Side.TARGET, "test runs " + c.request().testRunsOrEmpty());
    return new SliObservation(
        Optional.empty(),
        Optional.empty(),
        measure(t, c.runs()),
        history(t, c.runs()),
        List.of(),
        Optional.empty());
  }

  List<TestRunRow> load(List<Long> ids) throws SourceException {
    List<TestRunRow> out = new ArrayList<>();
    for (long id : ids) {
      out.add(
          runs.run(id)
              .orElseThrow(() -> new SourceException("test run " + id + " does not exist")));
    }
    return out;
  }

  Optional<Measurement> measure(TestRun t, List<TestRunRow> current) {
    if (current.isEmpty()) {
      return Optional.empty();
    }
    return switch (t.measure()) {
      case PASS_RATIO -> {
        long executed = 0;
        long failed = 0;
        for (TestRunRow r : current) {
          executed += r.total() - r.skipped();
          failed += r.failed() + r.errored();
        }
        yield executed == 0
            ? Optional.empty()
            : Optional.of(Measurement.ofCounts(executed, failed));
      }
      case FAILED ->
          Optional.of(
              Measurement.ofValue(current.stream().mapToLong(r -> r.failed() + r.errored()).sum()));
      case FLAKY ->
          Optional.of(Measurement.ofValue(current.stream().mapToLong(TestRunRow::flaky).sum()));
      case DURATION -> {
        double d =
            current.stream()
                .filter(r -> r.durationSeconds() != null)
                .mapToDouble(TestRunRow::durationSeconds)
                .sum();
        yield current.stream().anyMatch(r -> r.durationSeconds() != null)
            ? Optional.of(Measurement.ofValue(d))
            : Optional.empty();
      }
      case K6, JMETER -> {
        String name = t.measure() == TestRun.Measure.JMETER ? "jmeter:" + t.metric() : t.metric();
        for (TestRunRow r : current) {
          OptionalDouble v = runs.metric(r.id(), name, t.stat());
          if (v.isPresent()) {
            yield Optional.of(Measurement.ofValue(v.getAsDouble()));
          }
        }
        yield Optional.empty();
      }
    };
  }

  /** Earlier runs of the first current run's service and suite, with this SLI's value each. */
  List<HistoryRun> history(TestRun t, List<TestRunRow> current) {
    if (current.isEmpty()) {
      return List.of();
    }
    List<HistoryRun> out = new ArrayList<>();
    for (TestRunRow r : runs.earlier(current.get(0), HISTORY)) {
      Optional<Measurement> m = measure(t, List.of(r));
      OptionalDouble v =
          m.flatMap(TestRunSource::value).map(OptionalDouble::of).orElse(OptionalDouble.empty());
      if (v.isPresent()) {
        Outcome outcome = r.failed() + r.errored() == 0 ? Outcome.PASS : Outcome.FAIL;
        out.add(
            new HistoryRun(
                "test-run/" + r.id(),
                outcome,
                v.getAsDouble(),
                r.pinned() && !r.excluded(),
                r.excluded()));
      }
    }
    return out;
  }

  private static Optional<Double> value(Measurement m) {
    if (m.value().isPresent()) {
      return Optional.of(m.value().getAsDouble());
    }
    return m.counts().filter(c -> c.total() > 0).map(c -> 1 - c.errorRatio());
  }
}
