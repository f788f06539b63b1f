package io.tollgate.gate.evaluation;

import java.time.Duration;

/** A quota is used up: 429 with {@code Retry-After} ({@link QuotaExceededHandler}). */
public final class QuotaExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String detail;
  private final Duration retryAfter;

  QuotaExceeded(String detail, Duration retryAfter) {
    super(detail, null, false, false);
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  String detail() {
    return detail;
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
