package io.tollgate.telemetry.aggregate;

import java.util.HashMap;
import java.util.Map;

/**
 * The facts of one batch with when each was first and last seen (span start times). Bounded: at
 * most {@link #MAX_PER_ENVIRONMENT} facts per service and environment and {@link #MAX_FACTS} in
 * all; what does not fit is dropped and counted, so a tenant sending a new flag key or peer name
 * per span cannot grow a batch without limit.
 */
public final class EnvironmentFacts {
  /** Facts kept per service and environment, in a batch and in the store (per partition). */
  public static final int MAX_PER_ENVIRONMENT = 256;

  /** Facts a batch holds in all. */
  public static final int MAX_FACTS = 20_000;

  private final Map<FactKey, long[]> seen = new HashMap<>();
  private final Map<String, int[]> perEnvironment = new HashMap<>();
  private long dropped;

  /** Records that {@code key} was seen at {@code timeNanos}. */
  public void saw(FactKey key, long timeNanos) {
    long[] times = seen.get(key);
    if (times == null) {
      int[] n =
          perEnvironment.computeIfAbsent(
              key.service() + '\u001f' + key.environment(), k -> new int[1]);
      if (n[0] >= MAX_PER_ENVIRONMENT || seen.size() >= MAX_FACTS) {
        dropped++;
        return;
      }
      n[0]++;
      seen.put(key, new long[] {timeNanos, timeNanos});
      return;
    }
    times[0] = Math.min(times[0], timeNanos);
    times[1] = Math.max(times[1], timeNanos);
  }

  /** First and last sighting (epoch nanos) per fact. */
  public Map<FactKey, long[]> seen() {
    return seen;
  }

  /** Sightings of new facts turned away by the bounds. */
  public long dropped() {
    return dropped;
  }

  public boolean isEmpty() {
    return seen.isEmpty();
  }
}
