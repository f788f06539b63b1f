package io.tollgate.rules.parse;

import io.tollgate.rules.check.RuleIssue;
import io.tollgate.rules.check.Severity;
import io.tollgate.rules.model.Gate;
import java.util.List;
import java.util.Optional;

/**
 * What parsing a gate document produced: the gate when it has no errors, and every issue found
 * (errors and warnings), sorted by position.
 */
public record ParseResult(Optional<Gate> gate, List<RuleIssue> issues) {
  public ParseResult {
    issues = issues.stream().sorted(RuleIssue.BY_POSITION).toList();
    if (gate.isPresent() && issues.stream().anyMatch(i -> i.severity() == Severity.ERROR)) {
      throw new IllegalArgumentException("a gate with errors must not be returned");
    }
  }

  /** True when there is a gate (no errors; warnings may remain). */
  public boolean ok() {
    return gate.isPresent();
  }

  /** True when there are neither errors nor warnings. */
  public boolean clean() {
    return gate.isPresent() && issues.isEmpty();
  }
}
