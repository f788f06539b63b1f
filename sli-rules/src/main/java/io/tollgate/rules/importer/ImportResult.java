package io.tollgate.rules.importer;

import io.tollgate.rules.check.RuleIssue;
import io.tollgate.rules.check.Severity;
import io.tollgate.rules.model.Gate;
import java.util.List;
import java.util.Optional;

/**
 * A gate converted from another format, and everything that could not be mapped exactly: errors for
 * parts that were left out, warnings for parts whose meaning changed.
 */
public record ImportResult(Optional<Gate> gate, List<RuleIssue> issues) {
  public ImportResult {
    issues = issues.stream().sorted(RuleIssue.BY_POSITION).toList();
  }

  /** True when a gate was produced (there may still be warnings and dropped parts). */
  public boolean ok() {
    return gate.isPresent();
  }

  /** True when anything was reported at error level. */
  public boolean hasErrors() {
    return issues.stream().anyMatch(i -> i.severity() == Severity.ERROR);
  }
}
