package io.tollgate.gate.evaluation;

import jakarta.inject.Singleton;

/** Wakes the job runner when work arrives on this replica (other replicas poll). */
@Singleton
final class EvaluationSignals {
  private volatile Runnable onSubmit = () -> {};

  void onSubmit(Runnable r) {
    onSubmit = r;
  }

  void submitted() {
    onSubmit.run();
  }
}
