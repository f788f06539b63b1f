package io.tollgate.gate.otlp;

/**
 * Why a request was not accepted, as the HTTP status OTLP/HTTP prescribes for it: 400 (bad data,
 * not retried), 413, 415, 429 and 503 (retried after {@code Retry-After}).
 */
final class OtlpRejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int code;
  private final long retryAfterSeconds;

  private OtlpRejection(int status, int code, String message, Throwable cause) {
    this(status, code, message, cause, -1);
  }

  private OtlpRejection(
      int status, int code, String message, Throwable cause, long retryAfterSeconds) {
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static OtlpRejection badData(String message, Throwable cause) {
    return new OtlpRejection(400, RpcStatus.INVALID_ARGUMENT, message, cause);
  }

  static OtlpRejection tooLarge(String message) {
    return new OtlpRejection(413, RpcStatus.RESOURCE_EXHAUSTED, message, null);
  }

  static OtlpRejection unsupported(String message) {
    return new OtlpRejection(415, RpcStatus.INVALID_ARGUMENT, message, null);
  }

  static OtlpRejection throttled(String message) {
    return new OtlpRejection(429, RpcStatus.RESOURCE_EXHAUSTED, message, null);
  }

  static OtlpRejection throttled(String message, long retryAfterSeconds) {
    return new OtlpRejection(429, RpcStatus.RESOURCE_EXHAUSTED, message, null, retryAfterSeconds);
  }

  static OtlpRejection unavailable(String message, Throwable cause) {
    return new OtlpRejection(503, RpcStatus.UNAVAILABLE, message, cause);
  }

  int status() {
    return status;
  }

  boolean retryable() {
    return status == 429 || status == 503;
  }

  /** The {@code Retry-After} this rejection asks for, or -1 for the configured default. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  RpcStatus rpcStatus() {
    return new RpcStatus(code, getMessage());
  }
}
