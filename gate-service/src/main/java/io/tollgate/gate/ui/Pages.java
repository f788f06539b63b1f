package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.tollgate.gate.api.Inputs;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every page needs: the signed-in user, what their role allows, the CSRF token. */
final class Pages {
  private static final Times TIMES = new Times();
  private static final Formats FORMATS = new Formats();

  private Pages() {}

  static boolean has(@Nullable Authentication who, String role) {
    return who != null && who.getRoles().contains(role);
  }

  static HttpResponse<?> toLogin() {
    return HttpResponse.seeOther(URI.create("/ui/login"));
  }

  static HttpResponse<?> page(
      HttpRequest<?> request, Authentication who, String view, String nav, Map<String, ?> model) {
    Map<String, Object> m = new LinkedHashMap<>(model);
    m.put("user", who.getName());
    m.put("role", String.valueOf(who.getAttributes().getOrDefault("role", "")));
    m.put("canTriage", has(who, "qa"));
    m.put("canOverride", has(who, "sre"));
    m.put("canWriteGates", has(who, "sre"));
    m.put("nav", nav);
    m.put("csrf", SessionCookie.csrf(request));
    m.put("t", TIMES);
    m.put("n", FORMATS);
    return HttpResponse.ok(new ModelAndView<>(view, m))
        .header("Cache-Control", "no-store")
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "same-origin");
  }

  /**
   * Refuses form fields the API's JSON guard would refuse: NUL characters (PostgreSQL cannot store
   * them) and values longer than {@code max}.
   */
  static void text(String field, @Nullable String value, int max) {
    if (value == null) {
      return;
    }
    Inputs.noNul("/" + field, value);
    if (value.length() > max) {
      String message = "is longer than " + max + " characters";
      throw new ProblemException(
          ProblemType.VALIDATION,
          "field '" + field + "' " + message,
          List.of(Problem.Issue.at("/" + field, message)));
    }
  }

  /** The {@code before} parameter of a list page (the id the page before ended at), or null. */
  @Nullable
  static Long beforeId(@Nullable String before) {
    if (before == null || before.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(before.strip());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new ProblemException(
        ProblemType.VALIDATION,
        "parameter 'before' must be a positive id, the last one of the page before",
        List.of(Problem.Issue.at("/before", "must be a positive id")));
  }

  static void checkCsrf(HttpRequest<?> request, @Nullable String submitted) {
    if (!SessionCookie.validCsrf(request, submitted)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "the form's CSRF token is missing or stale");
    }
  }

  static void require(@Nullable Authentication who, String role) {
    if (!has(who, role)) {
      throw new ProblemException(ProblemType.FORBIDDEN, "the signed-in role does not allow this");
    }
  }
}
