package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.testrun.TestRunTraceIds;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.TestId;
import io.tollgate.telemetry.store.SpanQuery;
import io.tollgate.telemetry.store.TestFailureSummary;
import io.tollgate.telemetry.store.TestTrafficCounts;
import io.tollgate.telemetry.store.TestTrafficReader;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What tests did by their own spans: every test case whose spans exercised an operation of the
 * service (touches it) and every failure signature those spans failed with (covers it), joined to
 * the uploaded test run that declared the same {@code test.run.id}.
 */
@Singleton
final class TraceEvidence {
  private final TestTrafficReader tests;
  private final TestRunTraceIds runs;
  private final TraceLinks traceLinks;

  TraceEvidence(TestTrafficReader tests, TestRunTraceIds runs, TraceLinks traceLinks) {
    this.tests = tests;
    this.runs = runs;
    this.traceLinks = traceLinks;
  }

  /** The test spans of {@code service} from {@code since} on, as test evidence. */
  List<TestEvidence> of(String service, Instant since, Instant now) throws SQLException {
    SpanQuery q = SpanQuery.of(service, since, now.plus(1, ChronoUnit.MINUTES));
    List<TestTrafficCounts> cases = tests.cases(q);
    List<TestFailureSummary> failures = tests.failures(q);
    Set<String> ids = new LinkedHashSet<>();
    cases.forEach(c -> ids.add(c.test().runId()));
    failures.forEach(f -> ids.add(f.test().runId()));
    ids.remove("");
    Map<String, TestRunTraceIds.Run> uploaded = runs.newest(ids);
    List<TestEvidence> out = new ArrayList<>();
    for (TestTrafficCounts c : cases) {
      if (isTest(c.test())) {
        out.add(evidence(c.test(), service, c.operation(), uploaded, now, null, List.of()));
      }
    }
    for (TestFailureSummary f : failures) {
      if (isTest(f.test())) {
        out.add(
            evidence(
                f.test(),
                service,
                f.signature().operation(),
                uploaded,
                now,
                f,
                f.exemplars().stream().map(traceLinks::exemplar).toList()));
      }
    }
    return out;
  }

  /** Synthetic traffic without a run or case, and the overflow row, name no test. */
  private static boolean isTest(TestId t) {
    return !(t.runId().isEmpty() && t.testCase().isEmpty())
        && !SeriesKey.OVERFLOW.equals(t.runId());
  }

  private static TestEvidence evidence(
      TestId test,
      String service,
      String operation,
      Map<String, TestRunTraceIds.Run> uploaded,
      Instant now,
      @Nullable TestFailureSummary failure,
      List<Scenario.Exemplar> traces) {
    TestRunTraceIds.Run run = uploaded.get(test.runId());
    String key = test.testCase().isEmpty() ? "run " + test.runId() : test.testCase();
    return new TestEvidence(
        new TestKey(TestKey.Kind.TRACE, key),
        service,
        operation,
        run == null ? 0 : run.id(),
        null,
        run == null ? now : run.uploadedAt(),
        failure != null,
        failure == null ? Set.of() : Set.of(failure.signature().errorClass()),
        failure == null ? "" : failure.signature().message(),
        CoverageLink.TRACE,
        failure == null ? null : failure.signatureId(),
        traces);
  }
}
