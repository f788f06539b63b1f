package io.tollgate.gate.api;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Adds {@code Content-Security-Policy} and {@code X-Content-Type-Options: nosniff} to every
 * response. The web UI loads only its own script (htmx) and stylesheet, with no inline code, so its
 * policy allows nothing else; Swagger UI's generated page needs inline script and style.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class SecurityHeaders implements Ordered {
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'self'";
  static final String SWAGGER_CSP =
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  @Override
  public int getOrder() {
    // outermost, so responses made by security (401, 403) and error handlers get them too
    return ServerFilterPhase.FIRST.before();
  }

  @ResponseFilter
  void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
    response
        .getHeaders()
        .set("X-Content-Type-Options", "nosniff")
        .set(
            "Content-Security-Policy",
            request.getPath().startsWith("/swagger-ui") ? SWAGGER_CSP : CSP);
  }
}
