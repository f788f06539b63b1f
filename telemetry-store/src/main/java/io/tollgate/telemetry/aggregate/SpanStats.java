package io.tollgate.telemetry.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.Arrays;

/**
 * Requests, errors and latency of one series and operation in one minute (mutable while batching).
 *
 * <p>While a batch is read, latencies are appended to an array and go into the sketch only when the
 * sketch is first asked for: that is when the batch is committed, on the commit thread, so the
 * consumer thread does not pay for sketch inserts. The array is capped ({@link #MAX_PENDING}), so a
 * hot key costs at most a few kilobytes more than its sketch.
 */
public final class SpanStats {
  static final int MAX_PENDING = 1024;
  private static final double[] NONE = new double[0];

  private long requests;
  private long errors;
  private final DDSketch latencyMs;
  private double[] pending = NONE;
  private int pendingCount;

  SpanStats(long requests, long errors, DDSketch latencyMs) {
    this.requests = requests;
    this.errors = errors;
    this.latencyMs = latencyMs;
  }

  static SpanStats empty() {
    return new SpanStats(0, 0, Sketches.newSketch());
  }

  public static SpanStats of(long requests, long errors, DDSketch latencyMs) {
    return new SpanStats(requests, errors, latencyMs);
  }

  void record(double latencyMillis, boolean error) {
    requests++;
    if (error) {
      errors++;
    }
    if (pendingCount == pending.length) {
      if (pending.length == MAX_PENDING) {
        flush();
      } else {
        pending = Arrays.copyOf(pending, Math.max(16, 2 * pending.length));
      }
    }
    pending[pendingCount++] = Math.max(0, latencyMillis);
  }

  public void merge(SpanStats other) {
    requests += other.requests;
    errors += other.errors;
    latencyMs().mergeWith(other.latencyMs());
  }

  public long requests() {
    return requests;
  }

  public long errors() {
    return errors;
  }

  /** The latency sketch, with every latency recorded so far. */
  public DDSketch latencyMs() {
    flush();
    return latencyMs;
  }

  private void flush() {
    for (int i = 0; i < pendingCount; i++) {
      latencyMs.accept(pending[i]);
    }
    pendingCount = 0;
    if (pending.length == MAX_PENDING) {
      return; // a hot key keeps its array
    }
    pending = NONE;
  }
}
