package io.tollgate.telemetry.aggregate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything read from one partition since its last commit: the aggregates and the offset range. It
 * is committed as a whole with {@link #nextOffset} in one database transaction, or dropped.
 *
 * @see io.tollgate.telemetry.store.AggregateStore#commit
 */
public final class PartitionBatch {
  private final String topic;
  private final int partition;
  private final long expectedOffset;
  private final long startOffset;
  private long nextOffset;
  private long records;
  private long spans;
  private final Map<SpanKey, SpanStats> spanStats = new HashMap<>();
  private final Map<SignatureKey, long[]> failures = new HashMap<>();
  private final Map<String, SignatureSeen> signatures = new HashMap<>();
  private final Map<MetricKey, MetricStats> metrics = new HashMap<>();
  private final Map<FailureSignature, String> signatureIds = new HashMap<>();
  private final EnvironmentFacts facts = new EnvironmentFacts();
  private final FlagSpans flagSpans = new FlagSpans();
  private final TestTrafficBatch testTraffic = new TestTrafficBatch();

  /**
   * @param expectedOffset the partition's next offset as last stored, or {@code -1} when nothing is
   *     stored yet; the commit fails if the stored value has moved since (another replica owns the
   *     partition now)
   * @param startOffset the offset the batch starts at
   */
  public PartitionBatch(String topic, int partition, long expectedOffset, long startOffset) {
    this.topic = topic;
    this.partition = partition;
    this.expectedOffset = expectedOffset;
    this.startOffset = startOffset;
    this.nextOffset = startOffset;
  }

  /** Marks record {@code offset} as consumed into this batch. */
  public void consumed(long offset) {
    records++;
    nextOffset = Math.max(nextOffset, offset + 1);
  }

  /**
   * Records a request span, asking {@code guard} only about series-operation pairs this batch has
   * not seen yet (pairs already in the batch were admitted); a refused pair goes to the overflow
   * series. Returns false when the pair went to the overflow series.
   */
  public boolean recordSpan(
      SeriesKey series,
      String operation,
      long minute,
      double latencyMs,
      boolean error,
      CardinalityGuard guard) {
    SpanKey key = new SpanKey(series, operation, minute);
    SpanStats stats = spanStats.get(key);
    boolean admitted = true;
    if (stats == null) {
      if (!guard.admit(series, operation)) {
        admitted = false;
        key = new SpanKey(SeriesKey.overflow(series.service()), SeriesKey.OVERFLOW, minute);
        stats = spanStats.get(key);
      }
      if (stats == null) {
        stats = SpanStats.empty();
        spanStats.put(key, stats);
      }
    }
    spans++;
    stats.record(latencyMs, error);
    return admitted;
  }

  /** Counts a span that is not a request (for the spans-consumed figures only). */
  public void countSpan() {
    spans++;
  }

  /**
   * Counts a failed span of {@code version} on {@code track} with {@code signature}; the version is
   * kept with the count, so "introduced in" is the first version that emitted the signature.
   * Returns the signature's id.
   */
  public String recordFailure(
      FailureSignature signature, String track, String version, long timeNanos, String exemplar) {
    // the id is a SHA-256 of the signature: computed once per signature and batch
    String id = signatureIds.computeIfAbsent(signature, FailureSignature::id);
    long minute = Math.floorDiv(timeNanos, 60_000_000_000L) * 60;
    failures.computeIfAbsent(new SignatureKey(id, track, version, minute), k -> new long[1])[0]++;
    signatures
        .computeIfAbsent(id, k -> new SignatureSeen(signature, timeNanos, timeNanos, List.of()))
        .saw(timeNanos, exemplar);
    return id;
  }

  /** The batch's test traffic, kept apart from the production aggregates. */
  public TestTrafficBatch testTraffic() {
    return testTraffic;
  }

  public MetricStats metric(MetricKey key, String kind, boolean cumulative) {
    return metrics.computeIfAbsent(key, k -> new MetricStats(kind, cumulative));
  }

  public boolean isEmpty() {
    return records == 0;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long expectedOffset() {
    return expectedOffset;
  }

  /**
   * The offset the batch starts at. It names the batch's rows in the minute tables: batches of a
   * partition never overlap, so no two committed batches share it.
   */
  public long startOffset() {
    return startOffset;
  }

  public long nextOffset() {
    return nextOffset;
  }

  public long records() {
    return records;
  }

  public long spans() {
    return spans;
  }

  public Map<SpanKey, SpanStats> spanStats() {
    return spanStats;
  }

  /** Failure counts by signature, track and minute. */
  public Map<SignatureKey, long[]> failures() {
    return failures;
  }

  public Map<String, SignatureSeen> signatures() {
    return signatures;
  }

  public Map<MetricKey, MetricStats> metrics() {
    return metrics;
  }

  /** What the batch's telemetry says about each service's environment (environment parity). */
  public EnvironmentFacts facts() {
    return facts;
  }

  /** Request spans per feature-flag variant (counted in {@link #spanStats} as well). */
  public FlagSpans flagSpans() {
    return flagSpans;
  }
}
