package io.tollgate.gate.evaluation;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Decided evaluations for a short time, so pipelines polling a decision cost no query each. */
final class DecidedCache {
  private static final int MAX = 10_000;

  private record Entry(EvaluationRow row, long until) {}

  private final long ttlNanos;
  private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();

  DecidedCache(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  Optional<EvaluationRow> get(long id) {
    Entry e = entries.get(id);
    if (e == null) {
      return Optional.empty();
    }
    if (System.nanoTime() - e.until() > 0) {
      entries.remove(id, e);
      return Optional.empty();
    }
    return Optional.of(e.row());
  }

  void put(long id, EvaluationRow row) {
    if (ttlNanos <= 0) {
      return;
    }
    if (entries.size() >= MAX) {
      entries.clear();
    }
    entries.put(id, new Entry(row, System.nanoTime() + ttlNanos));
  }

  void forget(long id) {
    entries.remove(id);
  }

  void clear() {
    entries.clear();
  }
}
