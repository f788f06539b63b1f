package io.tollgate.telemetry.aggregate;

/** One row of failure counts within a partition: signature, track and minute start. */
public record SignatureKey(String signatureId, String track, long minuteEpochSecond) {}
