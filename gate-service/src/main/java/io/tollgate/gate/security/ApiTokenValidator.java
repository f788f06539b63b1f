package io.tollgate.gate.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;

/**
 * Plugs {@link TokenAuthenticator} and {@link UiSessions} into Micronaut Security's token handling.
 * Whatever the caches answer is answered on the calling thread; a look-up that needs the database
 * runs on the blocking executor, never on a Netty event loop, so a slow or absent database cannot
 * stall requests that need no token look-up (liveness, cached tokens, static files).
 */
@Singleton
final class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {
  private final TokenAuthenticator authenticator;
  private final UiSessions sessions;
  private final ExecutorService blocking;

  ApiTokenValidator(
      TokenAuthenticator authenticator,
      UiSessions sessions,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.authenticator = authenticator;
    this.sessions = sessions;
    this.blocking = blocking;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    // The web UI signs in with session ids only (never a raw API token in a cookie), and a
    // session id signs in nowhere else.
    boolean ui = request.getPath().startsWith("/ui/");
    if (ui != UiSessions.isSessionId(token)) {
      return Publishers.empty();
    }
    if (ui) {
      return offload(() -> sessions.authenticate(token));
    }
    Optional<Optional<Authentication>> cached = authenticator.cached(token);
    if (cached.isPresent()) {
      return cached.get().map(Publishers::just).orElseGet(Publishers::empty);
    }
    return offload(() -> authenticator.authenticate(token));
  }

  private Publisher<Authentication> offload(Supplier<Optional<Authentication>> lookUp) {
    return new Offloaded<>(lookUp, blocking);
  }
}
