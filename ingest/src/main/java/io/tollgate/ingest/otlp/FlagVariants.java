package io.tollgate.ingest.otlp;

import io.opentelemetry.proto.trace.v1.Span;
import io.tollgate.telemetry.aggregate.FlagFailureKey;
import io.tollgate.telemetry.aggregate.FlagSpanKey;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SeriesKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts request spans per variant of the configured feature flags ({@link FlagMapping}), besides
 * their main series. Variants beyond a flag's cap go to {@link SeriesKey#OVERFLOW}; so does every
 * span whose series and operation the cardinality guard sent to the overflow series. The variants
 * admitted are remembered per process, like the cardinality guard's pairs. Failed spans are also
 * counted per failure signature and variant.
 */
final class FlagVariants {
  private final FlagMapping flags;
  private final int maxValueLength;
  private final Map<String, Set<String>> admitted = new HashMap<>();

  FlagVariants(FlagMapping flags, int maxValueLength) {
    this.flags = flags;
    this.maxValueLength = maxValueLength;
  }

  /** Adds {@code span}'s flag evaluations, if any, to the batch's flag rows. */
  void record(
      SeriesKey series,
      String operation,
      boolean admittedPair,
      Span span,
      long minute,
      double latencyMs,
      boolean failed,
      PartitionBatch batch) {
    if (flags.isEmpty() || span.getEventsCount() == 0) {
      return;
    }
    for (Map.Entry<String, String> e :
        FlagEvents.of(span, flags.keys(), maxValueLength).entrySet()) {
      FlagSpanKey key =
          admittedPair
              ? new FlagSpanKey(
                  series, e.getKey(), variant(e.getKey(), e.getValue()), operation, minute)
              : new FlagSpanKey(
                  SeriesKey.overflow(series.service()),
                  e.getKey(),
                  SeriesKey.OVERFLOW,
                  SeriesKey.OVERFLOW,
                  minute);
      batch.flagSpans().record(key, latencyMs, failed);
    }
  }

  /**
   * Counts a failed span (of any kind) of signature {@code signatureId} under each configured flag
   * variant it evaluated.
   */
  void recordFailure(Span span, String signatureId, PartitionBatch batch) {
    if (flags.isEmpty() || span.getEventsCount() == 0) {
      return;
    }
    long minute = Math.floorDiv(span.getStartTimeUnixNano(), 60_000_000_000L) * 60;
    for (Map.Entry<String, String> e :
        FlagEvents.of(span, flags.keys(), maxValueLength).entrySet()) {
      batch
          .flagSpans()
          .recordFailure(
              new FlagFailureKey(
                  signatureId, e.getKey(), variant(e.getKey(), e.getValue()), minute));
    }
  }

  private synchronized String variant(String flag, String variant) {
    Set<String> known = admitted.computeIfAbsent(flag, k -> new HashSet<>());
    if (known.contains(variant)) {
      return variant;
    }
    if (known.size() < flags.maxVariants()) {
      known.add(variant);
      return variant;
    }
    return SeriesKey.OVERFLOW;
  }
}
