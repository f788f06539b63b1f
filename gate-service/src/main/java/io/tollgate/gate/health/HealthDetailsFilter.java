package io.tollgate.gate.health;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.security.authentication.Authentication;
import io.tollgate.gate.security.Role;
import java.util.Map;

/**
 * {@code /health} shows its details (database, ingest, disk) to admins only; everyone else, probes
 * included, sees the status alone.
 */
@ServerFilter({"/health", "/health/**"})
final class HealthDetailsFilter {

  @ResponseFilter
  void statusOnly(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (!(response.body() instanceof HealthResult result) || admin(request)) {
      return;
    }
    response.body(Map.of("status", result.getStatus().getName()));
  }

  private static boolean admin(HttpRequest<?> request) {
    return request
        .getUserPrincipal(Authentication.class)
        .map(a -> a.getRoles().contains(Role.ADMIN_NAME))
        .orElse(false);
  }
}
