package io.tollgate.gate.ui;

import io.tollgate.gate.scenarios.TraceLinks;
import io.tollgate.gate.testrun.TestRunTraceIds;
import io.tollgate.telemetry.store.TestFailureSummary;
import io.tollgate.telemetry.store.TestTrafficCounts;
import io.tollgate.telemetry.store.TestTrafficReader;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What a test run's own traffic did, for its page: the operations its spans exercised and the
 * failure modes they failed with, read from ingest's test series by the run's {@code test.run.id}.
 */
@Singleton
final class TestRunTraffic {
  private final TestRunTraceIds ids;
  private final TestTrafficReader tests;
  private final TraceLinks traceLinks;

  TestRunTraffic(TestRunTraceIds ids, TestTrafficReader tests, TraceLinks traceLinks) {
    this.ids = ids;
    this.tests = tests;
    this.traceLinks = traceLinks;
  }

  /** Model entries: {@code traceRunId}, {@code trafficOperations}, {@code trafficFailures}. */
  Map<String, Object> of(long run, UnaryOperator<String> show) {
    Map<String, Object> m = new LinkedHashMap<>();
    Optional<String> id = ids.of(run);
    m.put("traceRunId", id.orElse(null));
    if (id.isEmpty()) {
      return m;
    }
    try {
      m.put("trafficOperations", operations(tests.casesOfRun(id.get())));
      m.put("trafficFailures", failures(tests.failuresOfRun(id.get()), show));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the test traffic of run " + run, e);
    }
    return m;
  }

  private static List<Map<String, Object>> operations(List<TestTrafficCounts> cases) {
    Map<List<String>, long[]> sums = new TreeMap<>(java.util.Comparator.comparing(List::toString));
    Map<List<String>, Set<String>> names = new LinkedHashMap<>();
    for (TestTrafficCounts c : cases) {
      List<String> key = List.of(c.service(), c.operation());
      long[] s = sums.computeIfAbsent(key, k -> new long[2]);
      s[0] += c.requests();
      s[1] += c.errors();
      names.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(c.test().testCase());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    sums.forEach(
        (key, s) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("service", key.get(0));
          row.put("operation", key.get(1));
          row.put("cases", String.join(", ", names.get(key)));
          row.put("requests", s[0]);
          row.put("errors", s[1]);
          out.add(row);
        });
    return out;
  }

  private List<Map<String, Object>> failures(
      List<TestFailureSummary> failures, UnaryOperator<String> show) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TestFailureSummary f : failures) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("service", f.signature().service());
      row.put("operation", f.signature().operation());
      row.put("errorClass", f.signature().errorClass());
      row.put("message", show.apply(f.signature().message()));
      row.put("testCase", f.test().testCase());
      row.put("failures", f.failures());
      row.put("traces", f.exemplars().stream().map(traceLinks::exemplar).toList());
      out.add(row);
    }
    return out;
  }
}
