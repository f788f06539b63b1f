package io.tollgate.ingest.testrun;

/**
 * One test case (a JUnit testcase) or check (a k6 check).
 *
 * @param suite the suite, or the k6 group path
 * @param className the JUnit classname, empty for k6
 * @param name the case or check name
 * @param status the outcome
 * @param timeSeconds the case's duration, 0 when unknown
 * @param failureType the exception type of a failure or error, empty otherwise
 * @param failureMessage the failure message, empty otherwise
 * @param failureText the failure's text (a stack trace), truncated to a bounded length
 * @param reruns how many extra runs the case took (Surefire's flaky and rerun elements)
 * @param passes how often a k6 check passed (1 or 0 for JUnit)
 * @param fails how often a k6 check failed (1 or 0 for JUnit)
 */
public record TestCase(
    String suite,
    String className,
    String name,
    Status status,
    double timeSeconds,
    String failureType,
    String failureMessage,
    String failureText,
    int reruns,
    long passes,
    long fails) {

  /** FLAKY: failed at first and passed on a rerun (Surefire's flakyFailure/flakyError). */
  public enum Status {
    PASSED,
    FAILED,
    ERROR,
    SKIPPED,
    FLAKY
  }
}
