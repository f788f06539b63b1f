package io.tollgate.gate.events;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before the next attempt: {@code initial × 2^(attempts-1)}, at most {@code max}, less up
 * to a tenth at random so that deliveries that failed together do not retry together.
 */
record Backoff(Duration initial, Duration max) {

  /** The wait after {@code attempts} failed attempts (1 for the first). */
  Duration after(int attempts) {
    long initialMs = initial.toMillis();
    int doublings = Math.min(Math.max(0, attempts - 1), 40);
    long wait = initialMs > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : initialMs << doublings;
    wait = Math.min(wait, max.toMillis());
    long jitter = wait / 10 == 0 ? 0 : ThreadLocalRandom.current().nextLong(wait / 10 + 1);
    return Duration.ofMillis(wait - jitter);
  }
}
