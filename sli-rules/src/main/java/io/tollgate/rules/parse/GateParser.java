package io.tollgate.rules.parse;

import io.tollgate.rules.check.GateChecker;
import io.tollgate.rules.model.Gate;
import java.util.Optional;

/**
 * Parses and checks a gate document. The one entry point for YAML rules.
 *
 * <pre>{@code
 * ParseResult r = GateParser.parse("gate.yaml", Files.readString(path));
 * if (!r.ok()) {
 *   System.err.print(IssuePrinter.format(r.issues(), text));
 * }
 * GateResult result = Judge.evaluate(r.gate().orElseThrow(), observations);
 * }</pre>
 *
 * <p>Never throws for bad input: every problem is a positioned issue.
 */
public final class GateParser {
  private GateParser() {}

  /** Parses {@code yaml}, naming it {@code sourceName} in issue positions. */
  public static ParseResult parse(String sourceName, String yaml) {
    Issues issues = new Issues(sourceName);
    Optional<Gate> gate;
    try {
      GateReader reader = new GateReader(issues);
      gate = YamlTree.load(yaml, issues).flatMap(reader::read);
      boolean complete = !issues.hasErrors();
      gate.ifPresent(g -> issues.addAll(GateChecker.check(g, complete, reader.templates())));
    } catch (RuntimeException e) {
      // a reader bug must still come out as an issue, never as an exception to the caller
      issues.error(issues.start(), "internal error while reading the gate: " + e);
      gate = Optional.empty();
    }
    return new ParseResult(issues.hasErrors() ? Optional.empty() : gate, issues.sorted());
  }
}
