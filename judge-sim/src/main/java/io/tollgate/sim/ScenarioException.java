package io.tollgate.sim;

import java.util.List;

/** A scenario file that cannot be simulated; the message lists every problem with its position. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  ScenarioException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code file:line:column: message}. */
  public List<String> problems() {
    return problems;
  }
}
