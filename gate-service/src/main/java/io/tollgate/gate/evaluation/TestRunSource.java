package io.tollgate.gate.evaluation;

import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.profile.TrafficProfile;
import io.tollgate.gate.profile.TrafficProfiles;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads {@code testrun} SLIs from uploaded test runs, and their history from earlier runs. */
@Singleton
final class TestRunSource implements ObservationSource<TestRun> {
  static final int HISTORY = 50;

  private final TestRunQueries runs;
  private final TrafficProfiles profiles;

  TestRunSource(TestRunQueries runs, TrafficProfiles profiles) {
    this.runs = runs;
    this.profiles = profiles;
  }

  @Override
  public Class<TestRun> type() {
    return TestRun.class;
  }

  /** Flag selectors are fine: it test runs do not depend on the sides. */
  @Override
  public boolean supportsFlagSelectors() {
    return true;
  }

  @Override
  public SliObservation observe(TestRun t, Sli sli, ObservationContext c) throws SourceException {
    if (c.runsError() != null) {
      throw new SourceException(c.runsError());
    }
    c.asked().put(Side.TARGET, "test runs " + c.request().testRunsOrEmpty());
    if (t.parity() != null) {
      return new SliObservation(
          Optional.empty(), Optional.empty(), parity(t, c), List.of(), List.of(), Optional.empty());
    }
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
      // compared with production in observe(); earlier runs are not compared again
      case PEAK_RATIO, OPERATION_COVERAGE -> Optional.empty();
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

  /**
   * Load parity of the request's runs with production's traffic profile; the per-operation
   * comparison goes into the decision's evidence.
   */
  private Optional<Measurement> parity(TestRun t, ObservationContext c) throws SourceException {
    if (c.runs().isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> vars = new HashMap<>();
    vars.put("service", c.runs().get(0).service());
    vars.putAll(c.variables(c.sides().target()));
    String service = Templates.fill(t.parity().service(), vars);
    TrafficProfile profile;
    try {
      profile =
          profiles.profile(
              TrafficProfiles.Ask.of(
                  service,
                  t.parity().environment(),
                  io.tollgate.rules.model.Durations.format(t.parity().window())));
    } catch (ProblemException e) {
      throw new SourceException("no production traffic profile: " + e.detail());
    }
    Map<String, Double> applied = LoadApplied.empty();
    for (TestRunRow r : c.runs()) {
      LoadApplied.add(
          runs.metrics(r.id()),
          r.durationSeconds() == null ? Double.NaN : r.durationSeconds(),
          applied);
    }
    if (applied.isEmpty()) {
      throw new SourceException(
          "the test runs hold no per-operation request counts (k6 http_reqs{name:...} or JMeter"
              + " labels)");
    }
    LoadParityCheck.Result result =
        LoadParityCheck.judge(profile, applied, t.measure(), t.parity().traffic());
    c.asked()
        .put(
            "production",
            service
                + " in "
                + t.parity().environment()
                + " over "
                + io.tollgate.rules.model.Durations.format(t.parity().window())
                + ": "
                + LoadParityCheck.describe(result));
    return Double.isNaN(result.value())
        ? Optional.empty()
        : Optional.of(Measurement.ofValue(result.value()));
  }
}
