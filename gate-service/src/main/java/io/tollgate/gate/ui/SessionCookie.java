package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.reader.TokenReader;
import io.tollgate.gate.security.UiSessions;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The web UI's session cookie: a random server-side session id (see {@link UiSessions}), HttpOnly,
 * SameSite=Strict, {@code Secure} whenever the request came over TLS or through a proxy that says
 * so ({@code X-Forwarded-Proto: https}). It is read only for {@code /ui/} pages, so the API stays
 * bearer-only. Forms carry the session's random CSRF token, which a page of another origin cannot
 * read.
 */
@Singleton
final class SessionCookie implements TokenReader<HttpRequest<?>> {
  static final String NAME = "tollgate_session";
  static final String CSRF_FIELD = "_csrf";

  @Override
  public Optional<String> findToken(HttpRequest<?> request) {
    if (!request.getPath().startsWith("/ui/")) {
      return Optional.empty();
    }
    return id(request);
  }

  @Override
  public int getOrder() {
    return LOWEST_PRECEDENCE;
  }

  static Optional<String> id(HttpRequest<?> request) {
    return request.getCookies().findCookie(NAME).map(Cookie::getValue).filter(v -> !v.isBlank());
  }

  static Cookie issue(String sessionId, Duration maxAge, HttpRequest<?> request) {
    return Cookie.of(NAME, sessionId)
        .httpOnly(true)
        .secure(secure(request))
        .sameSite(SameSite.Strict)
        .path("/ui/")
        .maxAge(maxAge.toSeconds());
  }

  static Cookie clear(HttpRequest<?> request) {
    return Cookie.of(NAME, "")
        .httpOnly(true)
        .secure(secure(request))
        .sameSite(SameSite.Strict)
        .path("/ui/")
        .maxAge(0);
  }

  /** True over TLS, or when the (first) proxy in front says the client used https. */
  static boolean secure(HttpRequest<?> request) {
    if (request.isSecure()) {
      return true;
    }
    String proto = request.getHeaders().get("X-Forwarded-Proto");
    return proto != null && proto.split(",")[0].trim().toLowerCase(Locale.ROOT).equals("https");
  }

  /** The CSRF token of the request's session, or empty without one. */
  static String csrf(HttpRequest<?> request) {
    return request
        .getUserPrincipal(Authentication.class)
        .map(a -> a.getAttributes().get(UiSessions.CSRF_ATTRIBUTE))
        .map(String::valueOf)
        .orElse("");
  }

  static boolean validCsrf(HttpRequest<?> request, @Nullable String submitted) {
    return valid(csrf(request), submitted);
  }

  private static boolean valid(String expected, @Nullable String submitted) {
    return !expected.isEmpty()
        && submitted != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
  }
}
