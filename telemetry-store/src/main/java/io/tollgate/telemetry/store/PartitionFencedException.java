package io.tollgate.telemetry.store;

/**
 * The stored offset of a partition is not the one a batch started from: another consumer has
 * committed it since (after a rebalance), so this batch must be dropped and the partition re-read
 * from the stored offset.
 */
public final class PartitionFencedException extends Exception {
  private static final long serialVersionUID = 1L;

  PartitionFencedException(String topic, int partition, long expected) {
    super(
        "offset of "
            + topic
            + "-"
            + partition
            + " moved away from "
            + (expected < 0 ? "nothing stored" : Long.toString(expected))
            + "; another consumer owns it");
  }
}
