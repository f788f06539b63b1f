package io.tollgate.rules.model;

/**
 * Where something was written: a source name (usually a file name) and a 1-based line and column.
 *
 * <p>Model elements carry the location they were parsed from so that the checker and the judge can
 * point back at the rule an SRE wrote.
 */
public record SourceLocation(String source, int line, int column)
    implements Comparable<SourceLocation> {

  /** A location for things that were not parsed from a file (built in code). */
  public static SourceLocation unknown(String source) {
    return new SourceLocation(source, 0, 0);
  }

  public SourceLocation {
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must be >= 0");
    }
  }

  @Override
  public int compareTo(SourceLocation o) {
    int c = source.compareTo(o.source);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(line, o.line);
    return c != 0 ? c : Integer.compare(column, o.column);
  }

  @Override
  public String toString() {
    return source + ":" + line + ":" + column;
  }
}
