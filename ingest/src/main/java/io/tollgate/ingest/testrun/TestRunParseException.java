package io.tollgate.ingest.testrun;

/**
 * A test-run file that cannot be read, with where: a line and column for XML and JSON, a record
 * number for CSV (0 when unknown).
 */
public final class TestRunParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  public TestRunParseException(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The message with its position, e.g. {@code line 3, column 7: unexpected end of input}. */
  public String describe() {
    if (line <= 0) {
      return getMessage();
    }
    return "line " + line + (column > 0 ? ", column " + column : "") + ": " + getMessage();
  }
}
