package io.tollgate.gate.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import io.tollgate.gate.store.ApiToken;
import io.tollgate.gate.store.ApiTokenRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a bearer token into an {@link Authentication}. Validated tokens are cached by hash for
 * {@code tollgate.security.token-cache-seconds}, never past their {@code expiresAt}; unknown tokens
 * are remembered for {@code negative-cache-seconds}, so a flood of made-up tokens costs one look-up
 * each, not one per request. Both caches are bounded. A revocation on this replica takes effect at
 * once, on others within the cache time.
 *
 * <p>{@link #authenticate} may query the database: call it off the event loop ({@link
 * ApiTokenValidator} does), or use {@link #cached} where blocking is not allowed.
 */
@Singleton
public final class TokenAuthenticator {
  static final String BOOTSTRAP_NAME = "bootstrap-admin";
  static final int MAX_TOKEN_LENGTH = 512;
  private static final int MAX_CACHED = 10_000;

  private record Cached(Authentication authentication, Instant until) {}

  private final ApiTokenRepository tokens;
  private final BootstrapAdminToken bootstrap;
  private final Clock clock;
  private final Duration ttl;
  private final Cache<String, Cached> valid;
  private final Cache<String, Boolean> unknown;

  TokenAuthenticator(
      ApiTokenRepository tokens,
      BootstrapAdminToken bootstrap,
      Clock clock,
      SecurityProperties properties) {
    this.tokens = tokens;
    this.bootstrap = bootstrap;
    this.clock = clock;
    this.ttl = Duration.ofSeconds(Math.max(0, properties.tokenCacheSeconds()));
    this.valid = Caffeine.newBuilder().maximumSize(MAX_CACHED).expireAfterWrite(ttl).build();
    this.unknown =
        Caffeine.newBuilder()
            .maximumSize(MAX_CACHED)
            .expireAfterWrite(Duration.ofSeconds(Math.max(0, properties.negativeCacheSeconds())))
            .build();
  }

  /** The authentication for {@code token}, looking it up if no cache answers (may block). */
  public Optional<Authentication> authenticate(@Nullable String token) {
    if (!plausible(token)) {
      return Optional.empty();
    }
    return authenticateHash(Tokens.hash(token));
  }

  /** Like {@link #authenticate}, by the token's hash (as UI sessions keep it). */
  public Optional<Authentication> authenticateHash(String hash) {
    Instant now = clock.instant();
    Optional<Optional<Authentication>> known = fromCache(hash, now);
    if (known.isPresent()) {
      return known.get();
    }
    Optional<Resolved> found = lookUp(hash, now);
    if (found.isEmpty()) {
      unknown.put(hash, Boolean.TRUE);
      valid.invalidate(hash);
      return Optional.empty();
    }
    Resolved r = found.get();
    Instant until = now.plus(ttl);
    if (r.expiresAt() != null && r.expiresAt().isBefore(until)) {
      until = r.expiresAt();
    }
    valid.put(hash, new Cached(r.authentication(), until));
    return Optional.of(r.authentication());
  }

  /**
   * What the caches know about {@code token} without touching the database: present with a value
   * for a cached valid token, present and empty for a known-unknown or implausible one, empty when
   * only a look-up can tell.
   */
  Optional<Optional<Authentication>> cached(@Nullable String token) {
    if (!plausible(token)) {
      return Optional.of(Optional.empty());
    }
    return fromCache(Tokens.hash(token), clock.instant());
  }

  /** Forgets cached validations, e.g. after a revocation. */
  public void invalidate() {
    valid.invalidateAll();
  }

  /** Forgets that a hash was unknown, e.g. when a token with it was just created. */
  void created(String hash) {
    unknown.invalidate(hash);
  }

  private Optional<Optional<Authentication>> fromCache(String hash, Instant now) {
    Cached c = valid.getIfPresent(hash);
    if (c != null) {
      if (c.until().isAfter(now)) {
        return Optional.of(Optional.of(c.authentication()));
      }
      valid.invalidate(hash);
    }
    if (unknown.getIfPresent(hash) != null) {
      return Optional.of(Optional.empty());
    }
    return Optional.empty();
  }

  private static boolean plausible(@Nullable String token) {
    return token != null && !token.isBlank() && token.length() <= MAX_TOKEN_LENGTH;
  }

  private record Resolved(Authentication authentication, @Nullable Instant expiresAt) {}

  private Optional<Resolved> lookUp(String hash, Instant now) {
    if (bootstrap.hash().filter(h -> Tokens.sameHash(h, hash)).isPresent()) {
      return Optional.of(new Resolved(authentication(BOOTSTRAP_NAME, Role.ADMIN, null), null));
    }
    return tokens
        .findByTokenHash(hash)
        .filter(t -> t.activeAt(now))
        .flatMap(
            t ->
                Role.parse(t.role())
                    .map(r -> new Resolved(authentication(t.name(), r, t), t.expiresAt())));
  }

  private static Authentication authentication(String name, Role role, @Nullable ApiToken token) {
    Map<String, Object> attributes =
        token == null
            ? Map.of("role", role.id())
            : Map.of("role", role.id(), "tokenId", token.id());
    return Authentication.build(name, role.grants(), attributes);
  }
}
