package io.tollgate.gate.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses, before any controller runs, what no field of the API accepts: U+0000 in a path, a query
 * parameter, a form field or any JSON string (PostgreSQL cannot store NUL in text), and null
 * elements in JSON arrays. The answer is a 400 problem that names the field: a JSON pointer into
 * the body, or the parameter.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class NulGuard implements Ordered {

  @Override
  public int getOrder() {
    // after authentication, so an anonymous caller learns nothing about how a body is checked
    return ServerFilterPhase.SECURITY.after();
  }

  @RequestFilter
  @Nullable
  HttpResponse<Problem> parameters(HttpRequest<?> request) {
    String path = request.getUri().getRawPath().toLowerCase(Locale.ROOT);
    if (path.indexOf('\0') >= 0 || path.contains("%00")) {
      return refuse(request, ProblemType.NUL_CHARACTER, "/path", "the request path", JsonScan.NUL);
    }
    String query = request.getUri().getRawQuery();
    if (query == null || !query.toLowerCase(Locale.ROOT).contains("%00")) {
      return null;
    }
    for (Map.Entry<String, List<String>> p : request.getParameters()) {
      if (hasNul(p.getKey()) || p.getValue().stream().anyMatch(NulGuard::hasNul)) {
        String name = p.getKey().replace('\0', '?');
        return refuse(
            request,
            ProblemType.NUL_CHARACTER,
            "?" + name,
            "parameter '" + name + "'",
            JsonScan.NUL);
      }
    }
    return null;
  }

  /**
   * JSON and form bodies of the routes that bind them to typed fields, i.e. every POST and PUT
   * route but the two that take a raw document (gates: YAML, test runs: files), which check for NUL
   * where they parse. Those two are left out because a filter that reads the body and a route that
   * binds it raw cannot share a body that arrives in several chunks.
   */
  @RequestFilter(
      methods = {HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH},
      patterns = {
        "/api/v1/tokens",
        "/api/v1/evaluations/**",
        "/api/v1/scenarios/**",
        "/api/v1/integrations/**",
        "/api/v1/test-runs/*/pin",
        "/token_info"
      })
  @Nullable
  MutableHttpResponse<?> body(HttpRequest<?> request, @Body @Nullable byte[] body) {
    Optional<MediaType> type = request.getContentType();
    if (body == null || body.length == 0 || type.isEmpty()) {
      return null;
    }
    if (isJson(type.get())) {
      return checkJson(request, body);
    }
    if (type.get().equals(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
      return checkForm(request, body);
    }
    return null;
  }

  @Nullable
  private static MutableHttpResponse<?> checkJson(HttpRequest<?> request, byte[] body) {
    return JsonScan.find(body)
        .map(
            f ->
                (MutableHttpResponse<?>)
                    refuse(
                        request,
                        f.message().equals(JsonScan.NUL)
                            ? ProblemType.NUL_CHARACTER
                            : ProblemType.VALIDATION,
                        f.pointer(),
                        "field '" + f.pointer() + "'",
                        f.message()))
        .orElse(null);
  }

  @Nullable
  private static MutableHttpResponse<?> checkForm(HttpRequest<?> request, byte[] body) {
    return FormNul.find(body)
        .map(
            field ->
                (MutableHttpResponse<?>)
                    refuse(
                        request,
                        ProblemType.NUL_CHARACTER,
                        "/" + field,
                        "field '" + field + "'",
                        JsonScan.NUL))
        .orElse(null);
  }

  private static boolean isJson(MediaType type) {
    String sub = type.getSubtype();
    return sub.equals("json") || sub.endsWith("+json");
  }

  private static boolean hasNul(@Nullable String s) {
    return s != null && s.indexOf('\0') >= 0;
  }

  private static MutableHttpResponse<Problem> refuse(
      HttpRequest<?> request,
      ProblemType type,
      @Nullable String pointer,
      String what,
      String message) {
    return ProblemResponses.respond(
        new Problem(
            type.uri(),
            type.title(),
            type.status(),
            what + " " + message,
            request.getPath().replace('\0', '?'),
            List.of(Problem.Issue.at(pointer, message))));
  }
}
