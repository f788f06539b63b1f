package io.tollgate.gate.evaluation;

import java.time.Duration;

/** When a step must be done by (monotonic clock); each source gets what remains of it. */
record Deadline(long atNanos) {

  static Deadline in(Duration d) {
    return new Deadline(System.nanoTime() + d.toNanos());
  }

  Duration remaining() {
    long left = atNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  boolean passed() {
    return atNanos - System.nanoTime() <= 0;
  }
}
