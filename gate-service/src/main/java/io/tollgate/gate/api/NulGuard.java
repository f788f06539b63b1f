package io.tollgate.gate.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses U+0000 (PostgreSQL cannot store NUL in text) in the path and the query parameters of
 * every request, before any controller runs, with a 400 problem that names the parameter. Bodies
 * are checked where they are bound ({@link Inputs}): a filter that reads the body cannot share it
 * with the route that binds it (Micronaut 4.10's shared body buffer fails an assertion when both
 * subscribe to a body that arrives in several chunks).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class NulGuard implements Ordered {

  @Override
  public int getOrder() {
    // after authentication, so an anonymous caller learns nothing about how input is checked
    return ServerFilterPhase.SECURITY.after();
  }

  @RequestFilter
  @Nullable
  HttpResponse<Problem> parameters(HttpRequest<?> request) {
    String path = request.getUri().getRawPath().toLowerCase(Locale.ROOT);
    if (path.indexOf('\0') >= 0 || path.contains("%00")) {
      return refuse(request, "/path", "the request path");
    }
    String query = request.getUri().getRawQuery();
    if (query == null || !query.toLowerCase(Locale.ROOT).contains("%00")) {
      return null;
    }
    for (Map.Entry<String, List<String>> p : request.getParameters()) {
      if (hasNul(p.getKey()) || p.getValue().stream().anyMatch(NulGuard::hasNul)) {
        String name = p.getKey().replace('\0', '?');
        return refuse(request, "?" + name, "parameter '" + name + "'");
      }
    }
    return null;
  }

  private static boolean hasNul(@Nullable String s) {
    return s != null && s.indexOf('\0') >= 0;
  }

  private static HttpResponse<Problem> refuse(HttpRequest<?> request, String pointer, String what) {
    ProblemType t = ProblemType.NUL_CHARACTER;
    return ProblemResponses.respond(
        new Problem(
            t.uri(),
            t.title(),
            t.status(),
            what + " " + Inputs.NUL,
            request.getPath().replace('\0', '?'),
            List.of(Problem.Issue.at(pointer, Inputs.NUL))));
  }
}
