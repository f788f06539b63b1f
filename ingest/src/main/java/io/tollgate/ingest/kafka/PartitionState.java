package io.tollgate.ingest.kafka;

import io.tollgate.telemetry.aggregate.PartitionBatch;

/** What the consumer knows about one assigned partition. */
final class PartitionState {
  /** Whether the partition's topic holds spans (else metrics): matched once, not per record. */
  final boolean spans;

  /** The stored next offset this consumer last saw or wrote; -1 when none is stored. */
  long storedOffset = -1;

  /** False until the stored offset has been read and the consumer positioned on it. */
  boolean positioned;

  /** Records read since the last commit, or null. */
  PartitionBatch batch;

  PartitionState(boolean spans) {
    this.spans = spans;
  }
}
