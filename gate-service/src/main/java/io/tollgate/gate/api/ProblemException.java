package io.tollgate.gate.api;

import java.util.List;

/**
 * Thrown by application code to answer with a problem. The detail is written for the caller; it
 * must not contain secrets or internal exception messages.
 */
public final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final String detail;
  private final transient List<Problem.Issue> issues;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, List.of());
  }

  public ProblemException(ProblemType type, String detail, List<Problem.Issue> issues) {
    super(type.title() + ": " + detail, null, false, false);
    this.type = type;
    this.detail = detail;
    this.issues = List.copyOf(issues);
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(ProblemType.NOT_FOUND, what + " does not exist");
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(ProblemType.BAD_REQUEST, detail);
  }

  public ProblemType type() {
    return type;
  }

  public String detail() {
    return detail;
  }

  public List<Problem.Issue> issues() {
    return issues;
  }
}
