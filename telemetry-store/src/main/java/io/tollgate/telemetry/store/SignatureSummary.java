package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.FailureSignature;
import io.tollgate.telemetry.aggregate.SignatureSeen;
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
    List<String> exemplars) {

  static SignatureSummary of(String id, SignatureSeen seen, Map<String, Long> failuresByTrack) {
    return new SignatureSummary(
        id,
        seen.signature(),
        failuresByTrack.values().stream().mapToLong(Long::longValue).sum(),
        Map.copyOf(failuresByTrack),
        instant(seen.firstSeenNanos()),
        instant(seen.lastSeenNanos()),
        seen.exemplars());
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }
}
