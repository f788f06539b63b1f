package io.tollgate.telemetry.aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How a request failed, independent of which request: service, span kind, operation, error class
 * and, only where the class says little by itself, the normalized message.
 *
 * @param spanKind e.g. {@code SERVER}, {@code CLIENT}
 * @param errorClass {@code error.type}, else {@code exception.type}, else {@code HTTP <status>},
 *     else {@code unknown}
 * @param message the normalized message template, empty unless the class is generic
 * @param normalizerVersion the normalizer version (ingest's {@code MessageNormalizer.VERSION}) that
 *     produced {@code message}
 */
public record FailureSignature(
    String service,
    String spanKind,
    String operation,
    String errorClass,
    String message,
    int normalizerVersion) {

  public FailureSignature {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(spanKind, "spanKind");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(errorClass, "errorClass");
    Objects.requireNonNull(message, "message");
  }

  /** A stable 32-hex-digit id: the first 16 bytes of the SHA-256 of all fields. */
  public String id() {
    String joined =
        String.join(
            "\u001f",
            service,
            spanKind,
            operation,
            errorClass,
            message,
            Integer.toString(normalizerVersion));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
