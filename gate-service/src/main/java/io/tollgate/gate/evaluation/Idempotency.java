package io.tollgate.gate.evaluation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency keys are scoped to the caller (API token) and the gate: the same key from another
 * token or for another gate is another evaluation. A key is stored with the hash of its request;
 * the same key with a different request is a conflict (409).
 */
public final class Idempotency {
  private Idempotency() {}

  /**
   * The key an integration derives from what it is sent (Argo's {@code rollout-revision}, Flagger's
   * canary and checksum): prefixed with the integration, the gate and the caller, so a predictable
   * value cannot reach another gate's or another token's evaluation; hashed when long.
   */
  public static String derive(String integration, String gate, Caller caller, String key) {
    String full = integration + ":" + gate + ":" + caller.scope() + ":" + key;
    return full.length() <= RequestLimits.MAX_KEY ? full : integration + ":sha256:" + sha256(full);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
