package io.tollgate.telemetry.aggregate;

/**
 * One row of failure counts within a partition: signature, track, the service version whose span
 * failed that way, and minute start.
 */
public record SignatureKey(
    String signatureId, String track, String version, long minuteEpochSecond) {}
