package io.tollgate.gate.ui;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The web UI's session: the API token a user signed in with, in an HttpOnly, SameSite=Strict
 * cookie. It is read only for {@code /ui/} pages, so the API stays bearer-only and a browser's
 * cookie can never drive it. Forms carry a CSRF token derived from the session token, which a page
 * of another origin can neither read nor compute.
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
    return request.getCookies().findCookie(NAME).map(Cookie::getValue).filter(v -> !v.isBlank());
  }

  @Override
  public int getOrder() {
    return LOWEST_PRECEDENCE;
  }

  static Cookie issue(String token, boolean secure) {
    return Cookie.of(NAME, token)
        .httpOnly(true)
        .secure(secure)
        .sameSite(SameSite.Strict)
        .path("/ui/")
        .maxAge(12 * 3600);
  }

  static Cookie clear() {
    return Cookie.of(NAME, "").httpOnly(true).sameSite(SameSite.Strict).path("/ui/").maxAge(0);
  }

  /** The CSRF token for the session of {@code request}, or empty without a session. */
  static String csrf(HttpRequest<?> request) {
    return request.getCookies().findCookie(NAME).map(c -> csrfOf(c.getValue())).orElse("");
  }

  static boolean validCsrf(HttpRequest<?> request, String submitted) {
    String expected = csrf(request);
    return !expected.isEmpty()
        && submitted != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
  }

  static String csrfOf(String sessionToken) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("tollgate-csrf\u001f" + sessionToken).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
