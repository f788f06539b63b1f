package io.tollgate.rules.check;

import io.tollgate.rules.model.SourceLocation;
import java.util.Comparator;
import java.util.Objects;

/** One problem found in a rule document, with where it is and a message that says how to fix it. */
public record RuleIssue(Severity severity, SourceLocation at, String message) {

  /** Sorts issues by position, errors before warnings at the same position. */
  public static final Comparator<RuleIssue> BY_POSITION =
      Comparator.comparing(RuleIssue::at)
          .thenComparing(RuleIssue::severity)
          .thenComparing(RuleIssue::message);

  public RuleIssue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(message, "message");
  }

  /** An error at {@code at}. */
  public static RuleIssue error(SourceLocation at, String message) {
    return new RuleIssue(Severity.ERROR, at, message);
  }

  /** A warning at {@code at}. */
  public static RuleIssue warning(SourceLocation at, String message) {
    return new RuleIssue(Severity.WARNING, at, message);
  }

  /** {@code gate.yaml:12:7: error: message}. */
  @Override
  public String toString() {
    return at + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
  }
}
