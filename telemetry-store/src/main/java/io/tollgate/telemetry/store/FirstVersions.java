package io.tollgate.telemetry.store;

/**
 * The earliest service version whose failing spans a signature was seen with: on the canary track
 * ({@code canary}), and on every other track ({@code other}). Either is null where the signature
 * has no such minute in the stored data.
 */
public record FirstVersions(String signatureId, String canary, String other) {

  /** The version for the canary track ({@code true}) or for the other tracks. */
  public String of(boolean onCanary) {
    return onCanary ? canary : other;
  }
}
