package io.tollgate.ingest.testrun;

/**
 * Bounds on what a test-run file may make the parser do.
 *
 * @param maxBytes the largest file accepted
 * @param maxDepth the deepest element/object nesting accepted
 * @param maxCases the most test cases kept
 * @param maxTextChars the longest failure text kept (longer is truncated)
 */
public record Limits(long maxBytes, int maxDepth, int maxCases, int maxTextChars) {
  public static final Limits DEFAULT = new Limits(50L * 1024 * 1024, 64, 200_000, 8_192);

  public Limits {
    if (maxBytes <= 0 || maxDepth <= 0 || maxCases <= 0 || maxTextChars <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
