package io.tollgate.rules.ruletest;

import io.tollgate.rules.check.RuleIssue;
import java.util.List;

/**
 * The result of running one rule-test file: issues that kept it (or its gate) from running, and
 * each case's result.
 */
public record RuleTestReport(
    List<RuleIssue> issues, String issueSource, String issueText, List<CaseResult> cases) {
  public RuleTestReport {
    issues = List.copyOf(issues);
    cases = List.copyOf(cases);
  }

  /** True when the file ran and every case passed. */
  public boolean passed() {
    return issues.stream().noneMatch(i -> i.severity() == io.tollgate.rules.check.Severity.ERROR)
        && cases.stream().allMatch(CaseResult::passed)
        && !cases.isEmpty();
  }
}
