package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.MetricStats;
import io.tollgate.telemetry.aggregate.SignatureSeen;
import io.tollgate.telemetry.aggregate.SpanStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Folds the stored rows of each key into one value. A key has one row per partition and committed
 * batch, plus compacted rows ({@code batch_offset = -1}); every reader goes through here, so the
 * merge rules live in one place:
 *
 * <ul>
 *   <li>spans: requests and errors add up, latency sketches merge;
 *   <li>metrics: delta rows add up (samples, sum, sketch), cumulative rows keep the newest point by
 *       {@code last_time_nanos}, gauges keep the newest {@code last_sample}, min and max widen. On
 *       equal times the row added later wins, so rows should come in batch order ({@code ORDER BY
 *       batch_offset}), as a single merged row would have had it;
 *   <li>signatures: first sighting is the earliest, last the latest, exemplars the first five.
 * </ul>
 *
 * The first row of a key becomes the accumulator and is changed by later rows: pass rows decoded
 * for this fold only.
 */
final class PartialRows<K, V> {
  private final Map<K, V> merged;
  private final BiConsumer<V, V> fold;

  private PartialRows(Map<K, V> into, BiConsumer<V, V> fold) {
    this.merged = into;
    this.fold = fold;
  }

  static <K> PartialRows<K, SpanStats> spans(Map<K, SpanStats> into) {
    return new PartialRows<>(into, SpanStats::merge);
  }

  static <K> PartialRows<K, SpanStats> spans() {
    return spans(new LinkedHashMap<>());
  }

  static <K> PartialRows<K, MetricStats> metrics() {
    return new PartialRows<>(new LinkedHashMap<>(), MetricStats::merge);
  }

  static <K> PartialRows<K, SignatureSeen> signatures() {
    return new PartialRows<>(new LinkedHashMap<>(), SignatureSeen::merge);
  }

  void add(K key, V row) {
    V m = merged.get(key);
    if (m == null) {
      merged.put(key, row);
    } else {
      fold.accept(m, row);
    }
  }

  /** One value per key, in the order of the map given (else of first appearance). */
  Map<K, V> merged() {
    return merged;
  }
}
