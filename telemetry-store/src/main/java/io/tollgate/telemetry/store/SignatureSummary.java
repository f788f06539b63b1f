package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.FailureSignature;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A failure signature with its failures in the queried window, per track and in total; first and
 * last seen over all time; up to five exemplar {@code traceId:spanId}s (hex).
 */
public record SignatureSummary(
    String id,
    FailureSignature signature,
    long failures,
    Map<String, Long> failuresByTrack,
    Instant firstSeen,
    Instant lastSeen,
    List<String> exemplars) {}
