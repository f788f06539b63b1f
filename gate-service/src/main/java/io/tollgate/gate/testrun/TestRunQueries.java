package io.tollgate.gate.testrun;

import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** Read access to stored test runs for the evaluation of {@code testrun} SLIs. */
@Singleton
public final class TestRunQueries {
  private final TestRunRepositories.Runs runs;
  private final TestRunRepositories.Metrics metrics;

  TestRunQueries(TestRunRepositories.Runs runs, TestRunRepositories.Metrics metrics) {
    this.runs = runs;
    this.metrics = metrics;
  }

  public Optional<TestRunRow> run(long id) {
    return runs.findById(id);
  }

  /** Earlier runs of the same service and suite, newest first: the history of a test run. */
  public List<TestRunRow> earlier(TestRunRow run, int limit) {
    return runs.findByServiceOrderByIdDesc(run.service(), Pageable.from(0, limit + 50)).stream()
        .filter(r -> r.id() < run.id() && Objects.equals(r.suite(), run.suite()))
        .limit(limit)
        .toList();
  }

  /** A load-test statistic of a run, e.g. {@code http_req_duration} {@code p(95)}. */
  public OptionalDouble metric(long runId, String name, String stat) {
    return metrics.findByRunIdOrderById(runId).stream()
        .filter(m -> m.name().equals(name) && m.stat().equals(stat))
        .mapToDouble(MetricRow::amount)
        .findFirst();
  }

  /** Every load-test statistic of a run: metric name, then statistic, then value. */
  public Map<String, Map<String, Double>> metrics(long runId) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (MetricRow m : metrics.findByRunIdOrderById(runId)) {
      out.computeIfAbsent(m.name(), k -> new LinkedHashMap<>()).putIfAbsent(m.stat(), m.amount());
    }
    return out;
  }
}
