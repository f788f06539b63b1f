package io.tollgate.telemetry.aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One thing the telemetry of a service in an environment says about the running system: a fact name
 * ({@code process.runtime.version}, {@code dependency.service/payments}) and its value.
 *
 * @param value the fact's value; empty for facts that are only present or absent (a dependency)
 */
public record FactKey(String service, String environment, String fact, String value) {
  /** The fact holding the service's own version: what a caller of the service calls. */
  public static final String SERVICE_VERSION = "service.version";

  public FactKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(fact, "fact");
    Objects.requireNonNull(value, "value");
  }

  /**
   * A stable 32-hex-digit id of all fields: the row key, whatever the length of the values (a key
   * of four wide text columns could exceed PostgreSQL's index row size).
   */
  public String id() {
    String joined = String.join("\u001f", service, environment, fact, value);
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
