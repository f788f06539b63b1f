package io.tollgate.gate.testrun;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of test runs. */
@Singleton
final class TestRunViews {
  private static final List<String> NOTABLE = List.of("FAILED", "ERROR", "FLAKY", "SKIPPED");

  @Serdeable
  record Totals(int total, int passed, int failed, int errored, int skipped, int flaky) {}

  @Serdeable
  record Summary(
      long id,
      String service,
      @Nullable String version,
      @Nullable String suite,
      @Nullable String environment,
      @Nullable String commit,
      List<String> formats,
      int files,
      Instant uploadedAt,
      String uploadedBy,
      Totals totals,
      @Nullable Double passRatio,
      @Nullable Double durationSeconds,
      boolean pinned,
      boolean excluded) {}

  @Serdeable
  record Metric(String type, Map<String, Double> stats) {}

  @Serdeable
  record Threshold(String metric, String expression, boolean failed) {}

  @Serdeable
  record Failure(String source, String name, String errorClass, String message, long count) {}

  @Serdeable
  record Case(
      String suite,
      String className,
      String name,
      String status,
      double timeSeconds,
      @Nullable String failureType,
      @Nullable String failureMessage,
      @Nullable String failureText,
      int reruns,
      long passes,
      long fails) {}

  @Serdeable
  record Run(
      Summary run,
      Map<String, Metric> metrics,
      List<Threshold> thresholds,
      List<Failure> failures,
      List<Case> cases) {
    /** The run as a reader is shown it: failure messages and texts through {@code show}. */
    Run shownWith(java.util.function.UnaryOperator<String> show) {
      return new Run(
          run,
          metrics,
          thresholds,
          failures.stream()
              .map(
                  f ->
                      new Failure(
                          f.source(), f.name(), f.errorClass(), show.apply(f.message()), f.count()))
              .toList(),
          cases.stream()
              .map(
                  c ->
                      new Case(
                          c.suite(),
                          c.className(),
                          c.name(),
                          c.status(),
                          c.timeSeconds(),
                          c.failureType(),
                          c.failureMessage() == null ? null : show.apply(c.failureMessage()),
                          c.failureText() == null ? null : show.apply(c.failureText()),
                          c.reruns(),
                          c.passes(),
                          c.fails()))
              .toList());
    }
  }

  private final TestRunRepositories.Cases cases;
  private final TestRunRepositories.Metrics metrics;
  private final TestRunRepositories.Thresholds thresholds;
  private final TestRunRepositories.Failures failures;

  TestRunViews(
      TestRunRepositories.Cases cases,
      TestRunRepositories.Metrics metrics,
      TestRunRepositories.Thresholds thresholds,
      TestRunRepositories.Failures failures) {
    this.cases = cases;
    this.metrics = metrics;
    this.thresholds = thresholds;
    this.failures = failures;
  }

  static Summary summary(TestRunRow r) {
    return new Summary(
        r.id(),
        r.service(),
        r.version(),
        r.suite(),
        r.environment(),
        r.commitSha(),
        List.of(r.formats().split(",")),
        r.files(),
        r.uploadedAt(),
        r.uploadedBy(),
        new Totals(r.total(), r.passed(), r.failed(), r.errored(), r.skipped(), r.flaky()),
        r.passRatio(),
        r.durationSeconds(),
        r.pinned(),
        r.excluded());
  }

  Run run(TestRunRow r, boolean allCases) {
    Map<String, Metric> byName = new LinkedHashMap<>();
    for (MetricRow m : metrics.findByRunIdOrderById(r.id())) {
      byName
          .computeIfAbsent(m.name(), n -> new Metric(m.type(), new LinkedHashMap<>()))
          .stats()
          .put(m.stat(), m.amount());
    }
    List<TestCaseRow> caseRows =
        allCases
            ? cases.findByRunIdOrderById(r.id())
            : cases.findByRunIdAndStatusInOrderById(r.id(), NOTABLE);
    return new Run(
        summary(r),
        byName,
        thresholds.findByRunIdOrderById(r.id()).stream()
            .map(t -> new Threshold(t.metric(), t.expression(), t.failed()))
            .toList(),
        failures.findByRunIdOrderById(r.id()).stream()
            .map(
                f ->
                    new Failure(f.source(), f.name(), f.errorClass(), f.message(), f.occurrences()))
            .toList(),
        caseRows.stream()
            .map(
                c ->
                    new Case(
                        c.suite(),
                        c.className(),
                        c.name(),
                        c.status(),
                        c.timeSeconds(),
                        blankToNull(c.failureType()),
                        blankToNull(c.failureMessage()),
                        blankToNull(c.failureText()),
                        c.reruns(),
                        c.passes(),
                        c.fails()))
            .toList());
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
