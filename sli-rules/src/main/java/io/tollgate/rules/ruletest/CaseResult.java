package io.tollgate.rules.ruletest;

import io.tollgate.rules.eval.GateResult;
import java.util.List;
import java.util.Optional;

/** One test case's result: passed when every expectation held; otherwise what differed. */
public record CaseResult(String name, List<String> failures, Optional<GateResult> result) {
  public CaseResult {
    failures = List.copyOf(failures);
  }

  /** True when every expectation held. */
  public boolean passed() {
    return failures.isEmpty();
  }
}
