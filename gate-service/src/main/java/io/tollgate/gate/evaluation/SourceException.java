package io.tollgate.gate.evaluation;

/** A source could not answer; the SLI becomes ERROR with this message, never a silent PASS. */
final class SourceException extends Exception {
  private static final long serialVersionUID = 1L;

  SourceException(String message) {
    super(message);
  }

  SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
