package io.tollgate.telemetry.aggregate;

import java.util.Objects;

/**
 * One row of per-variant failure counts within a partition: a failure signature (by id), the flag
 * key and variant the failed span was served with, and the minute start.
 */
public record FlagFailureKey(
    String signatureId, String flag, String variant, long minuteEpochSecond) {
  public FlagFailureKey {
    Objects.requireNonNull(signatureId, "signatureId");
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(variant, "variant");
  }
}
