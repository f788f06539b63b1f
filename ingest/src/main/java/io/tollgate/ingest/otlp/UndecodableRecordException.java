package io.tollgate.ingest.otlp;

/** A record value that is not a valid OTLP export request in the expected encoding. */
public final class UndecodableRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  UndecodableRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
