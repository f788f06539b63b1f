package io.tollgate.gate.security;

import io.micronaut.security.authentication.Authentication;
import io.tollgate.gate.store.ApiToken;
import io.tollgate.gate.store.ApiTokenRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a bearer token into an {@link Authentication}. Validated tokens are cached by hash for
 * {@code tollgate.security.token-cache-seconds}, so reading a decision costs no database round trip
 * for the token; a revocation on this replica takes effect at once, on others within that time.
 */
@Singleton
public final class TokenAuthenticator {
  static final String BOOTSTRAP_NAME = "bootstrap-admin";
  private static final int MAX_CACHED = 10_000;

  private record Cached(Authentication authentication, Instant until) {}

  private final ApiTokenRepository tokens;
  private final BootstrapAdminToken bootstrap;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  TokenAuthenticator(
      ApiTokenRepository tokens,
      BootstrapAdminToken bootstrap,
      Clock clock,
      SecurityProperties properties) {
    this.tokens = tokens;
    this.bootstrap = bootstrap;
    this.clock = clock;
    this.ttl = Duration.ofSeconds(Math.max(0, properties.tokenCacheSeconds()));
  }

  public Optional<Authentication> authenticate(String token) {
    if (token == null || token.isBlank() || token.length() > 512) {
      return Optional.empty();
    }
    String hash = Tokens.hash(token);
    Instant now = clock.instant();
    Cached cached = cache.get(hash);
    if (cached != null && cached.until().isAfter(now)) {
      return Optional.of(cached.authentication());
    }
    Optional<Authentication> found = lookUp(hash, now);
    found.ifPresentOrElse(
        a -> {
          if (cache.size() >= MAX_CACHED) {
            cache.clear();
          }
          cache.put(hash, new Cached(a, now.plus(ttl)));
        },
        () -> cache.remove(hash));
    return found;
  }

  /** Forgets cached validations, e.g. after a revocation. */
  public void invalidate() {
    cache.clear();
  }

  private Optional<Authentication> lookUp(String hash, Instant now) {
    if (bootstrap.hash().filter(h -> Tokens.sameHash(h, hash)).isPresent()) {
      return Optional.of(authentication(BOOTSTRAP_NAME, Role.ADMIN, null));
    }
    return tokens
        .findByTokenHash(hash)
        .filter(t -> t.activeAt(now))
        .flatMap(t -> Role.parse(t.role()).map(r -> authentication(t.name(), r, t)));
  }

  private static Authentication authentication(String name, Role role, ApiToken token) {
    Map<String, Object> attributes =
        token == null
            ? Map.of("role", role.id())
            : Map.of("role", role.id(), "tokenId", token.id());
    return Authentication.build(name, role.grants(), attributes);
  }
}
