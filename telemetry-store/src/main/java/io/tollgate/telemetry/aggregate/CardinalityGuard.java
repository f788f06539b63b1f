package io.tollgate.telemetry.aggregate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Caps the distinct series-and-operation pairs each service may create, so an exploding label (a
 * version per build, a route with ids in it) cannot flood the database. Pairs beyond the cap are
 * reported and folded into {@link SeriesKey#overflow}. The memory is per process, which is enough
 * to bound what one replica writes.
 */
public final class CardinalityGuard {
  private final int maxPerService;
  private final Consumer<String> onOverflow;
  private final Map<String, Set<Object>> seen = new HashMap<>();

  public CardinalityGuard(int maxPerService, Consumer<String> onOverflow) {
    if (maxPerService < 1) {
      throw new IllegalArgumentException("maxPerService must be positive: " + maxPerService);
    }
    this.maxPerService = maxPerService;
    this.onOverflow = onOverflow;
  }

  /**
   * A guard with the same cap and overflow report but a budget of its own, e.g. for test traffic,
   * which must not use up production's pairs.
   */
  public CardinalityGuard separate() {
    return new CardinalityGuard(maxPerService, onOverflow);
  }

  /** True when the pair is known or there is room for it; false (and reported) otherwise. */
  public synchronized boolean admit(SeriesKey series, String operation) {
    Set<Object> known = seen.computeIfAbsent(series.service(), s -> new HashSet<>());
    Object key = new Pair(series, operation);
    if (known.contains(key)) {
      return true;
    }
    if (known.size() < maxPerService) {
      known.add(key);
      return true;
    }
    onOverflow.accept(series.service());
    return false;
  }

  private record Pair(SeriesKey series, String operation) {}
}
