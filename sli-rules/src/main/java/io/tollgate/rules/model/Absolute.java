package io.tollgate.rules.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The SLI value of the subject (canary or current run) compared with fixed limits: PASS when {@code
 * pass} holds, else WARN when {@code warn} holds, else FAIL.
 */
public record Absolute(Condition pass, Optional<Condition> warn) implements Criterion {
  public Absolute {
    Objects.requireNonNull(pass, "pass");
    warn = warn == null ? Optional.empty() : warn;
  }

  @Override
  public String kind() {
    return "absolute";
  }
}
