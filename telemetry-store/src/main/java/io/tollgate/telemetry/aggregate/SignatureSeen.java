package io.tollgate.telemetry.aggregate;

import java.util.ArrayList;
import java.util.List;

/** A signature's first and last sighting and up to five exemplar {@code traceId:spanId}s. */
public final class SignatureSeen {
  public static final int MAX_EXEMPLARS = 5;

  private final FailureSignature signature;
  private long firstSeenNanos;
  private long lastSeenNanos;
  private final List<String> exemplars;

  public SignatureSeen(
      FailureSignature signature, long firstSeenNanos, long lastSeenNanos, List<String> exemplars) {
    this.signature = signature;
    this.firstSeenNanos = firstSeenNanos;
    this.lastSeenNanos = lastSeenNanos;
    this.exemplars = new ArrayList<>(exemplars);
  }

  void saw(long timeNanos, String exemplar) {
    firstSeenNanos = Math.min(firstSeenNanos, timeNanos);
    lastSeenNanos = Math.max(lastSeenNanos, timeNanos);
    if (exemplars.size() < MAX_EXEMPLARS && !exemplar.isEmpty() && !exemplars.contains(exemplar)) {
      exemplars.add(exemplar);
    }
  }

  /** Folds a sighting record of the same signature in (used when merging with stored rows). */
  public void merge(SignatureSeen other) {
    firstSeenNanos = Math.min(firstSeenNanos, other.firstSeenNanos);
    lastSeenNanos = Math.max(lastSeenNanos, other.lastSeenNanos);
    for (String e : other.exemplars) {
      if (exemplars.size() < MAX_EXEMPLARS && !exemplars.contains(e)) {
        exemplars.add(e);
      }
    }
  }

  public FailureSignature signature() {
    return signature;
  }

  public long firstSeenNanos() {
    return firstSeenNanos;
  }

  public long lastSeenNanos() {
    return lastSeenNanos;
  }

  public List<String> exemplars() {
    return List.copyOf(exemplars);
  }
}
