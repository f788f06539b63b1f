package io.tollgate.telemetry.store;

import java.util.Map;
import java.util.Set;

/**
 * The failure signatures with failure counts appended after a reader's watermarks, and the
 * watermarks to pass next time: per {@code topic/partition}, the last batch offset read. Compacted
 * rows carry batch offset {@code -1}, so a reader without a watermark for a partition starts below
 * that and sees everything stored.
 *
 * @param signatureIds the signatures with new rows (possibly more than asked when truncated)
 * @param watermarks the last batch offset read per partition, for the next call
 * @param complete false when the change set was cut at the caller's limit: rebuild instead
 */
public record SignatureChanges(
    Set<String> signatureIds, Map<String, Long> watermarks, boolean complete) {

  /**
   * The watermark key of a partition: {@code topic/partition}, and {@code #epoch} once the topic's
   * log has started anew ({@link AggregateStore#forgetOffsets}): a mark of an older log then names
   * no partition, and the new log is read from its start.
   */
  public static String key(String topic, int partition, long epoch) {
    return topic + "/" + partition + (epoch == 0 ? "" : "#" + epoch);
  }
}
