package io.tollgate.gate.evaluation;

import jakarta.inject.Singleton;

/**
 * Wakes the job runner when work arrives and long-polling readers when a decision lands on this
 * replica. Readers also re-read the database every second, which covers decisions made elsewhere.
 */
@Singleton
final class EvaluationSignals {
  private final Object lock = new Object();
  private long decisions;
  private Runnable onSubmit = () -> {};

  void onSubmit(Runnable r) {
    onSubmit = r;
  }

  void submitted() {
    onSubmit.run();
  }

  void decided() {
    synchronized (lock) {
      decisions++;
      lock.notifyAll();
    }
  }

  long decisions() {
    synchronized (lock) {
      return decisions;
    }
  }

  void awaitDecision(long seen, long millis) {
    if (millis <= 0) {
      return;
    }
    synchronized (lock) {
      if (decisions != seen) {
        return;
      }
      try {
        lock.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
