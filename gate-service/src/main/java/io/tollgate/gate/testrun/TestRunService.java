package io.tollgate.gate.testrun;

import io.micronaut.transaction.annotation.Transactional;
import io.tollgate.gate.api.Inputs;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.ingest.testrun.Limits;
import io.tollgate.ingest.testrun.TestCase;
import io.tollgate.ingest.testrun.TestRun;
import io.tollgate.ingest.testrun.TestRunFormat;
import io.tollgate.ingest.testrun.TestRunParseException;
import io.tollgate.ingest.testrun.TestRunParsers;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses uploaded test-run files and stores them as runs with cases, metrics and failures. */
@Singleton
public class TestRunService {
  private final TestRunRepositories.Runs runs;
  private final TestRunRepositories.Cases cases;
  private final TestRunRepositories.Metrics metrics;
  private final TestRunRepositories.Thresholds thresholds;
  private final TestRunRepositories.Failures failures;
  private final Clock clock;
  private final Limits limits;

  TestRunService(
      TestRunRepositories.Runs runs,
      TestRunRepositories.Cases cases,
      TestRunRepositories.Metrics metrics,
      TestRunRepositories.Thresholds thresholds,
      TestRunRepositories.Failures failures,
      Clock clock,
      TestRunProperties properties) {
    this.runs = runs;
    this.cases = cases;
    this.metrics = metrics;
    this.thresholds = thresholds;
    this.failures = failures;
    this.clock = clock;
    this.limits = new Limits(properties.maxUploadBytes(), 64, properties.maxCases(), 8_192);
  }

  /** Metadata a pipeline sends with an upload. */
  public record Metadata(
      String service,
      String version,
      String suite,
      String environment,
      String pipeline,
      String commit,
      String buildUrl) {}

  @Transactional
  public TestRunRow create(Metadata meta, String formatId, byte[] file, String uploader) {
    TestRun parsed = parse(formatId, file);
    TestRunRow row =
        runs.save(
            new TestRunRow(
                null,
                meta.service(),
                meta.version(),
                meta.suite(),
                meta.environment(),
                meta.pipeline(),
                meta.commit(),
                meta.buildUrl(),
                uploader,
                clock.instant(),
                parsed.format().id(),
                1,
                finite(parsed.durationSeconds()),
                parsed.cases().size(),
                (int) parsed.count(TestCase.Status.PASSED),
                (int) parsed.count(TestCase.Status.FAILED),
                (int) parsed.count(TestCase.Status.ERROR),
                (int) parsed.count(TestCase.Status.SKIPPED),
                (int) parsed.count(TestCase.Status.FLAKY),
                false,
                false));
    storeChildren(row.id(), parsed);
    return row;
  }

  /** Adds another file (another Surefire report, say) to an existing run. */
  @Transactional
  public TestRunRow append(long runId, String formatId, byte[] file) {
    TestRunRow run =
        runs.findById(runId).orElseThrow(() -> ProblemException.notFound("test run " + runId));
    TestRun parsed = parse(formatId, file);
    Set<String> formats = new LinkedHashSet<>(List.of(run.formats().split(",")));
    formats.add(parsed.format().id());
    Double duration = run.durationSeconds();
    Double more = finite(parsed.durationSeconds());
    TestRunRow updated =
        runs.update(
            new TestRunRow(
                run.id(),
                run.service(),
                run.version(),
                run.suite(),
                run.environment(),
                run.pipeline(),
                run.commitSha(),
                run.buildUrl(),
                run.uploadedBy(),
                run.uploadedAt(),
                String.join(",", formats),
                run.files() + 1,
                duration == null ? more : more == null ? duration : duration + more,
                run.total() + parsed.cases().size(),
                run.passed() + (int) parsed.count(TestCase.Status.PASSED),
                run.failed() + (int) parsed.count(TestCase.Status.FAILED),
                run.errored() + (int) parsed.count(TestCase.Status.ERROR),
                run.skipped() + (int) parsed.count(TestCase.Status.SKIPPED),
                run.flaky() + (int) parsed.count(TestCase.Status.FLAKY),
                run.pinned(),
                run.excluded()));
    storeChildren(runId, parsed);
    return updated;
  }

  private TestRun parse(String formatId, byte[] file) {
    if (file.length > limits.maxBytes()) {
      throw new ProblemException(
          ProblemType.PAYLOAD_TOO_LARGE,
          "the file has " + file.length + " bytes; the limit is " + limits.maxBytes());
    }
    if (file.length == 0) {
      throw new ProblemException(ProblemType.INVALID_TEST_RUN, "the request body is empty");
    }
    Inputs.noNulInDocument("the file", file);
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(file);
      if (formatId == null || formatId.isBlank()) {
        return TestRunParsers.parse(in, limits);
      }
      TestRunFormat format =
          TestRunFormat.parse(formatId)
              .orElseThrow(
                  () ->
                      new ProblemException(
                          ProblemType.VALIDATION,
                          "format '" + formatId + "' is not one of junit, k6, jmeter"));
      return TestRunParsers.parse(format, in, limits);
    } catch (TestRunParseException e) {
      throw new ProblemException(
          ProblemType.INVALID_TEST_RUN,
          e.describe(),
          List.of(
              new Problem.Issue(
                  e.getMessage(),
                  null,
                  e.line() > 0 ? e.line() : null,
                  e.column() > 0 ? e.column() : null)));
    } catch (IOException
        | UncheckedIOException
        | IllegalArgumentException
        | IllegalStateException e) {
      // a parser's own failure on malformed input: say so without its message
      throw new ProblemException(
          ProblemType.INVALID_TEST_RUN,
          "the file could not be read as " + (blank(formatId) ? "a test-run file" : formatId));
    }
  }

  private void storeChildren(long runId, TestRun parsed) {
    List<TestCaseRow> caseRows = new ArrayList<>(parsed.cases().size());
    for (TestCase c : parsed.cases()) {
      caseRows.add(
          new TestCaseRow(
              null,
              runId,
              cut(c.suite(), 1000),
              cut(c.className(), 1000),
              cut(c.name(), 1000),
              c.status().name(),
              c.timeSeconds(),
              cut(c.failureType(), 400),
              cut(c.failureMessage(), 4000),
              cut(c.failureText(), 8192),
              c.reruns(),
              c.passes(),
              c.fails()));
    }
    cases.saveAll(caseRows);
    List<MetricRow> metricRows = new ArrayList<>();
    parsed
        .metrics()
        .values()
        .forEach(
            m ->
                m.stats()
                    .forEach(
                        (stat, v) -> {
                          if (Double.isFinite(v)) {
                            metricRows.add(
                                new MetricRow(
                                    null,
                                    runId,
                                    cut(m.name(), 400),
                                    cut(m.type(), 20),
                                    cut(stat, 40),
                                    v));
                          }
                        }));
    metrics.saveAll(metricRows);
    thresholds.saveAll(
        parsed.thresholds().stream()
            .map(
                t ->
                    new ThresholdRow(
                        null, runId, cut(t.metric(), 400), cut(t.expression(), 400), t.failed()))
            .toList());
    failures.saveAll(
        parsed.failures().stream()
            .map(
                f ->
                    new FailureRow(
                        null,
                        runId,
                        cut(f.source(), 1000),
                        cut(f.name(), 1000),
                        cut(f.errorClass(), 400),
                        cut(f.message(), 4000),
                        f.count()))
            .toList());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Fits a value from a file into its column; a NUL (from a JSON escape) becomes U+FFFD. */
  private static String cut(String s, int max) {
    if (s == null) {
      return "";
    }
    String clean = s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    return clean.length() <= max ? clean : clean.substring(0, max);
  }
}
