package io.tollgate.telemetry.aggregate;

import java.util.HashMap;
import java.util.Map;

/**
 * The request spans of one batch that evaluated a configured feature flag, per {@link FlagSpanKey}:
 * requests, errors and latency, as {@link SpanStats} counts them for the main series. A span
 * counted here is also counted in the batch's main series.
 */
public final class FlagSpans {
  private final Map<FlagSpanKey, SpanStats> stats = new HashMap<>();
  private final Map<FlagFailureKey, long[]> failures = new HashMap<>();

  /** Counts one request span served with {@code key}'s flag variant. */
  public void record(FlagSpanKey key, double latencyMs, boolean error) {
    stats.computeIfAbsent(key, k -> SpanStats.empty()).record(latencyMs, error);
  }

  /** Counts one failed span of signature {@code key.signatureId()} served with the variant. */
  public void recordFailure(FlagFailureKey key) {
    failures.computeIfAbsent(key, k -> new long[1])[0]++;
  }

  /** The rows of the batch, by key. */
  public Map<FlagSpanKey, SpanStats> stats() {
    return stats;
  }

  /** Failure counts by signature, flag variant and minute. */
  public Map<FlagFailureKey, long[]> failures() {
    return failures;
  }
}
