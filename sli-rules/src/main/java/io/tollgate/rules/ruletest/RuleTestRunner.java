package io.tollgate.rules.ruletest;

import io.tollgate.rules.eval.GateResult;
import io.tollgate.rules.eval.Judge;
import io.tollgate.rules.eval.SliResult;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.observation.ObservationsReader;
import io.tollgate.rules.parse.GateParser;
import io.tollgate.rules.parse.Issues;
import io.tollgate.rules.parse.ParseResult;
import io.tollgate.rules.parse.YamlMap;
import io.tollgate.rules.parse.YamlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Runs a rule-test file, like {@code promtool test rules}: a gate, and cases that give observations
 * and the outcomes expected.
 *
 * <pre>{@code
 * gate: canary-gate.yaml            # resolved relative to the test file by the caller
 * tests:
 *   - name: a canary with twice the error rate fails
 *     observations:
 *       error_rate:
 *         canary: {requests: 10000, errors: 200}
 *         baseline: {requests: 10000, errors: 100}
 *     expect:
 *       outcome: fail
 *       slis: {error_rate: fail}
 *       reasonContains: key criterion failed
 * }</pre>
 *
 * {@code expect.sampleRatio: ok|mismatch} checks the sample-ratio check (observations with {@code
 * expectedShares}). Reading files is left to the caller ({@code resolver} maps the gate path to its
 * text), so this stays a pure function.
 */
public final class RuleTestRunner {
  private RuleTestRunner() {}

  /** What a case may expect of the sample-ratio check. */
  private enum SampleRatioExpectation {
    OK,
    MISMATCH
  }

  /** Runs the test file {@code source} with text {@code text}. */
  public static RuleTestReport run(
      String source, String text, Function<String, Optional<String>> resolver) {
    try {
      return runChecked(source, text, resolver);
    } catch (RuntimeException e) {
      Issues issues = new Issues(source);
      issues.error(issues.start(), "internal error while running the rule tests: " + e);
      return new RuleTestReport(issues.sorted(), source, text, List.of());
    }
  }

  private static RuleTestReport runChecked(
      String source, String text, Function<String, Optional<String>> resolver) {
    Issues issues = new Issues(source);
    Optional<Node> root = YamlTree.load(text, issues, ObservationsReader.MAX_CHARS);
    Optional<YamlMap> top = root.flatMap(n -> YamlMap.of(n, issues, "a rule-test file"));
    if (top.isEmpty()) {
      return new RuleTestReport(issues.sorted(), source, text, List.of());
    }
    YamlMap m = top.get().allowOnly("gate", "tests");
    Optional<String> gatePath = m.requiredString("gate", "the gate file to test");
    Optional<Gate> gate = Optional.empty();
    if (gatePath.isPresent()) {
      Optional<String> gateText = resolver.apply(gatePath.get());
      if (gateText.isEmpty()) {
        issues.error(m.at("gate"), "cannot read gate file '" + gatePath.get() + "'");
      } else {
        ParseResult parsed = GateParser.parse(gatePath.get(), gateText.get());
        if (!parsed.ok()) {
          return new RuleTestReport(parsed.issues(), gatePath.get(), gateText.get(), List.of());
        }
        gate = parsed.gate();
      }
    }
    List<Node> tests = m.list("tests");
    if (tests.isEmpty() && !issues.hasErrors()) {
      issues.error(m.at(), "a rule-test file needs at least one entry under 'tests'");
    }
    List<CaseResult> cases = new ArrayList<>();
    int index = 0;
    for (Node t : tests) {
      index++;
      Optional<YamlMap> c = YamlMap.of(t, issues, "a test case");
      if (c.isPresent() && gate.isPresent()) {
        runCase(gate.get(), c.get(), index, issues).ifPresent(cases::add);
      }
    }
    return new RuleTestReport(issues.sorted(), source, text, cases);
  }

  private static Optional<CaseResult> runCase(Gate gate, YamlMap c, int index, Issues issues) {
    c.allowOnly("name", "observations", "expect");
    String name = c.string("name").orElse("case " + index);
    Optional<Observations> obs =
        c.node("observations").flatMap(n -> ObservationsReader.read(n, issues));
    if (!c.has("observations")) {
      c.missing("observations", "what was observed for each SLI");
    }
    if (!c.has("expect")) {
      c.missing("expect", "at least the gate's expected outcome");
      return Optional.empty();
    }
    Optional<YamlMap> expect =
        c.map("expect").map(e -> e.allowOnly("outcome", "slis", "reasonContains", "sampleRatio"));
    if (obs.isEmpty() || expect.isEmpty()) {
      return Optional.empty();
    }
    Optional<Outcome> outcome = expect.get().enumValue("outcome", Outcome.class);
    List<String> failures = new ArrayList<>();
    GateResult result = Judge.evaluate(gate, obs.get());
    if (outcome.isPresent() && outcome.get() != result.outcome()) {
      failures.add(
          "gate: expected "
              + outcome.get()
              + ", got "
              + result.outcome()
              + " ("
              + result.reason()
              + ")");
    }
    expect
        .get()
        .enumValue("sampleRatio", SampleRatioExpectation.class)
        .ifPresent(
            want -> {
              String got =
                  result
                      .sampleRatio()
                      .map(sr -> sr.mismatch() ? "mismatch" : "ok")
                      .orElse("not checked");
              if (!got.equals(want.name().toLowerCase(java.util.Locale.ROOT))) {
                failures.add(
                    "sample ratio: expected "
                        + want.name().toLowerCase(java.util.Locale.ROOT)
                        + ", got "
                        + got);
              }
            });
    expect
        .get()
        .string("reasonContains")
        .filter(s -> !result.reason().contains(s))
        .ifPresent(
            s ->
                failures.add("gate reason '" + result.reason() + "' does not contain '" + s + "'"));
    expect
        .get()
        .map("slis")
        .ifPresent(
            slis -> {
              for (String sli : slis.keys()) {
                Optional<SliResult> actual = result.sli(sli);
                if (actual.isEmpty()) {
                  issues.error(
                      slis.keyNode(sli).orElseThrow(),
                      "the gate has no SLI '"
                          + sli
                          + "'"
                          + io.tollgate.rules.check.Suggestions.didYouMean(
                              sli, gate.slis().stream().map(s -> s.name()).toList()));
                  continue;
                }
                slis.enumValue(sli, Outcome.class)
                    .filter(o -> o != actual.get().outcome())
                    .ifPresent(
                        o ->
                            failures.add(
                                "sli "
                                    + sli
                                    + ": expected "
                                    + o
                                    + ", got "
                                    + actual.get().outcome()
                                    + " ("
                                    + actual.get().reason()
                                    + ")"));
              }
            });
    return Optional.of(new CaseResult(name, failures, Optional.of(result)));
  }
}
