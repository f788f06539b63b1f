package io.tollgate.gate.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** Plugs {@link TokenAuthenticator} into Micronaut Security's bearer-token handling. */
@Singleton
final class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {
  private final TokenAuthenticator authenticator;

  ApiTokenValidator(TokenAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    return authenticator.authenticate(token).map(Publishers::just).orElseGet(Publishers::empty);
  }
}
