package io.tollgate.telemetry.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;

/**
 * Requests, errors and latency of one series and operation in one minute (mutable while batching).
 */
public final class SpanStats {
  private long requests;
  private long errors;
  private final DDSketch latencyMs;

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
    latencyMs.accept(Math.max(0, latencyMillis));
  }

  public void merge(SpanStats other) {
    requests += other.requests;
    errors += other.errors;
    latencyMs.mergeWith(other.latencyMs);
  }

  public long requests() {
    return requests;
  }

  public long errors() {
    return errors;
  }

  public DDSketch latencyMs() {
    return latencyMs;
  }
}
