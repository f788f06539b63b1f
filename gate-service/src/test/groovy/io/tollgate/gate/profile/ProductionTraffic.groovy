package io.tollgate.gate.profile

import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.store.AggregateStore
import java.time.Instant
import java.time.temporal.ChronoUnit
import javax.sql.DataSource

/**
 * Two days of known production traffic of service {@code shop}, written span by span through the
 * telemetry-store writer, plus staging traffic that a production profile must not count.
 *
 * <ul>
 *   <li>{@code GET /items}: 10 requests a minute, 40 in UTC hours 12 and 13; 50 ms each
 *   <li>{@code POST /checkout}: 2 a minute (30 in one minute), one error every tenth minute; 200 ms
 * </ul>
 */
class ProductionTraffic {
  static final int MINUTES = 48 * 60
  final Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(48, ChronoUnit.HOURS)
  final long peakMinute = 1000

  static int itemsAt(Instant minute) {
    int hour = (int) ((minute.epochSecond.intdiv(3600)) % 24)
    hour == 12 || hour == 13 ? 40 : 10
  }

  int checkoutAt(int i) { i == peakMinute ? 30 : 2 }

  long itemsTotal() { (0..<MINUTES).sum { itemsAt(start.plusSeconds(60L * it)) } as long }

  long checkoutTotal() { MINUTES * 2L + 28 }

  void write(DataSource ds) {
    def batch = new PartitionBatch('otlp_spans', 0, -1, 0)
    def guard = new CardinalityGuard(10_000, {})
    def prod = new SeriesKey('shop', '1.0.0', 'production', '')
    def canary = new SeriesKey('shop', '1.1.0', 'production', 'canary')
    def staging = new SeriesKey('shop', '1.1.0', 'staging', '')
    for (int i = 0; i < MINUTES; i++) {
      long minute = start.epochSecond + 60L * i
      int items = itemsAt(Instant.ofEpochSecond(minute))
      // split over two versions/tracks: the profile sums every series of the environment
      items.times { n -> batch.recordSpan(n % 2 == 0 ? prod : canary, 'GET /items', minute, 50d, false, guard) }
      int checkout = checkoutAt(i)
      checkout.times { n -> batch.recordSpan(prod, 'POST /checkout', minute, 200d, n == 0 && i % 10 == 0, guard) }
      if (i < 10) {
        1000.times { batch.recordSpan(staging, 'GET /items', minute, 5d, false, guard) }
      }
    }
    batch.consumed(0)
    new AggregateStore(ds).commit([batch])
  }
}
