package io.tollgate.gate.evaluation;

/** Where an evaluation is: running (PENDING), decided (DONE), or stopped by request (CANCELLED). */
public enum EvaluationStatus {
  PENDING,
  DONE,
  CANCELLED;

  /** True once no further step will run. */
  public boolean finished() {
    return this != PENDING;
  }
}
