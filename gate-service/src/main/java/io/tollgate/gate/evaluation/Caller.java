package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

/**
 * Who asks: the API token's id where there is one (the bootstrap admin has none), and its name.
 * {@code scope} keys idempotency and quotas, so two tokens that share a name still do not share
 * keys.
 *
 * @param scope {@code token:<id>} or {@code name:<name>}
 * @param tokenId the API token's id, or null for the bootstrap admin and internal callers
 * @param name the token's name, recorded as {@code createdBy}
 */
public record Caller(String scope, @Nullable Long tokenId, String name) {

  public static Caller of(Authentication who) {
    Object id = who.getAttributes().get("tokenId");
    if (id instanceof Number n) {
      return new Caller("token:" + n.longValue(), n.longValue(), who.getName());
    }
    return internal(who.getName());
  }

  /** A caller without an API token (the bootstrap admin, the demo). */
  public static Caller internal(String name) {
    return new Caller("name:" + name, null, name);
  }
}
