package io.tollgate.ingest.prometheus;

/** A query that did not produce a result, with the kind of failure and Prometheus's own words. */
public final class PrometheusQueryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure a caller handles differently. */
  public enum Kind {
    /** 400: the query does not parse or a parameter is invalid. */
    BAD_QUERY,
    /** 422: the query parses but cannot be executed. */
    CANNOT_EXECUTE,
    /** 401 or 403. */
    UNAUTHORIZED,
    /** 5xx or 429 after all retries, or the server cannot be reached. */
    UNAVAILABLE,
    /** No answer within the timeout, after all retries. */
    TIMEOUT,
    /** An answer that is not the Prometheus HTTP API's JSON. */
    PROTOCOL
  }

  private final Kind kind;
  private final int status;

  PrometheusQueryException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was no response. */
  public int status() {
    return status;
  }
}
