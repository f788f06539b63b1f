package io.tollgate.rules.ruletest;

import io.tollgate.rules.check.IssuePrinter;
import io.tollgate.rules.eval.GateResult;
import io.tollgate.rules.eval.Judge;
import io.tollgate.rules.eval.ResultPrinter;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.observation.ObservationsReader;
import io.tollgate.rules.parse.GateParser;
import io.tollgate.rules.parse.Issues;
import io.tollgate.rules.parse.ParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A golden case: {@code gate.yaml}, {@code observations.json} and {@code expected.txt}, the full
 * report {@link ResultPrinter} prints. Passes when the report is exactly the expected text.
 */
public final class GoldenCase {
  private GoldenCase() {}

  /** Evaluates the case; the failures name the first differing line. */
  public static CaseResult run(String name, String gateYaml, String observations, String expected) {
    ParseResult parsed = GateParser.parse("gate.yaml", gateYaml);
    if (!parsed.ok()) {
      return new CaseResult(
          name, List.of(IssuePrinter.format(parsed.issues(), gateYaml).trim()), Optional.empty());
    }
    Issues issues = new Issues("observations.json");
    Optional<Observations> obs = ObservationsReader.read(observations, issues);
    if (obs.isEmpty()) {
      return new CaseResult(
          name,
          List.of(IssuePrinter.format(issues.sorted(), observations).trim()),
          Optional.empty());
    }
    GateResult result = Judge.evaluate(parsed.gate().get(), obs.get());
    String report = ResultPrinter.format(result);
    List<String> failures = new ArrayList<>();
    if (!report.equals(expected)) {
      failures.add(firstDifference(expected, report));
    }
    return new CaseResult(name, failures, Optional.of(result));
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end>";
      String al = i < a.length ? a[i] : "<end>";
      if (!el.equals(al)) {
        return "expected.txt line " + (i + 1) + ":\n    expected: " + el + "\n    actual:   " + al;
      }
    }
    return "reports differ";
  }
}
