package io.tollgate.ingest.otlp;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.tollgate.telemetry.aggregate.CardinalityGuard;
import io.tollgate.telemetry.aggregate.FailureSignature;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.TestId;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells test traffic from production traffic and records it apart ({@link
 * PartitionBatch#testTraffic}), with a cardinality budget of its own so test runs cannot use up
 * production's series.
 */
final class TestTraffic {
  private final TestTrafficKeys keys;
  private final int maxValueLength;
  private final CardinalityGuard guard;

  /** Every key that can mark test traffic: most spans carry none, and are passed in one scan. */
  private final Set<String> markKeys = new HashSet<>();

  private final BitSet markKeyLengths = new BitSet();

  TestTraffic(TestTrafficKeys keys, int maxValueLength, CardinalityGuard guard) {
    this.keys = keys;
    this.maxValueLength = maxValueLength;
    this.guard = guard;
    markKeys.addAll(keys.runIdKeys());
    markKeys.addAll(keys.caseKeys());
    markKeys.addAll(keys.suiteKeys());
    if (!keys.syntheticTypes().isEmpty()) {
      markKeys.add(keys.syntheticTypeKey());
    }
    markKeys.forEach(k -> markKeyLengths.set(k.length()));
  }

  /** What a resource says about its spans' test, read once per resource. */
  Marks resource(List<KeyValue> resource) {
    return read(resource, Marks.NONE);
  }

  /**
   * The test that sent {@code span}, from its attributes and then its resource's; null for
   * production traffic.
   */
  TestId of(Marks resource, Span span) {
    Marks m = read(span.getAttributesList(), resource);
    if (!m.test()) {
      return null;
    }
    return new TestId(
        Attributes.truncate(m.runId(), maxValueLength),
        Attributes.truncate(m.testCase(), maxValueLength));
  }

  void recordSpan(
      PartitionBatch batch,
      SeriesKey series,
      TestId test,
      String operation,
      long minute,
      double latencyMs,
      boolean error) {
    batch.testTraffic().recordSpan(series, test, operation, minute, latencyMs, error, guard);
    batch.countSpan();
  }

  void recordFailure(
      PartitionBatch batch,
      FailureSignature signature,
      SeriesKey series,
      TestId test,
      long timeNanos,
      String exemplar) {
    batch.testTraffic().recordFailure(signature, series, test, timeNanos, exemplar, guard);
  }

  private Marks read(List<KeyValue> attributes, Marks fallback) {
    if (!mentionsMarkKey(attributes)) {
      return fallback;
    }
    String runId = first(attributes, keys.runIdKeys());
    String testCase = first(attributes, keys.caseKeys());
    boolean marked =
        runId != null
            || testCase != null
            || first(attributes, keys.suiteKeys()) != null
            || synthetic(attributes);
    return new Marks(
        fallback.test() || marked,
        runId != null ? runId : fallback.runId(),
        testCase != null ? testCase : fallback.testCase());
  }

  /**
   * Whether any attribute has a marking key: an indexed scan that compares a key only when its
   * length is one a marking key has, as this runs for every span.
   */
  private boolean mentionsMarkKey(List<KeyValue> attributes) {
    for (int i = 0, n = attributes.size(); i < n; i++) {
      String key = attributes.get(i).getKey();
      if (markKeyLengths.get(key.length()) && markKeys.contains(key)) {
        return true;
      }
    }
    return false;
  }

  private boolean synthetic(List<KeyValue> attributes) {
    if (keys.syntheticTypes().isEmpty()) {
      return false;
    }
    String type = Attributes.get(attributes, keys.syntheticTypeKey());
    return type != null && keys.syntheticTypes().contains(type);
  }

  private static String first(List<KeyValue> attributes, List<String> candidates) {
    for (String key : candidates) {
      String v = Attributes.get(attributes, key);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  /** Whether the attributes marked test traffic, and the run id and case they named (or null). */
  record Marks(boolean test, String runId, String testCase) {
    static final Marks NONE = new Marks(false, null, null);
  }
}
