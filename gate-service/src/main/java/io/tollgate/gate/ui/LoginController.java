package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import io.tollgate.gate.security.TokenAuthenticator;
import io.tollgate.gate.security.UiSessions;
import java.net.URI;
import java.util.Map;

/** Sign in with an API token, sign out; {@code /} and {@code /ui/} lead to the right first page. */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class LoginController {
  private final TokenAuthenticator authenticator;
  private final UiSessions sessions;
  private final LoginThrottle throttle;

  LoginController(TokenAuthenticator authenticator, UiSessions sessions, LoginThrottle throttle) {
    this.authenticator = authenticator;
    this.sessions = sessions;
    this.throttle = throttle;
  }

  @Serdeable
  record LoginForm(@Nullable String token) {}

  @Serdeable
  record LogoutForm(@Nullable String _csrf) {}

  @Get("/ui/login")
  HttpResponse<?> form() {
    return HttpResponse.ok(new ModelAndView<>("login", Map.of("error", "")));
  }

  @Post(value = "/ui/login", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> login(HttpRequest<?> request, @Body LoginForm form) {
    if (!throttle.allowed(request)) {
      return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
          .header(HttpHeaders.RETRY_AFTER, String.valueOf(LoginThrottle.WINDOW.toSeconds()))
          .body(
              new ModelAndView<>(
                  "login", Map.of("error", "Too many failed sign-ins; wait a minute.")));
    }
    String token = form.token() == null ? "" : form.token().strip();
    Authentication who = authenticator.authenticate(token).orElse(null);
    if (who == null || (!who.getRoles().contains("viewer") && !who.getRoles().contains("qa"))) {
      throttle.failed(request);
      return HttpResponse.unauthorized()
          .body(
              new ModelAndView<>(
                  "login",
                  Map.of(
                      "error",
                      who == null
                          ? "That token is not valid."
                          : "This token's role cannot use the web UI.")));
    }
    UiSessions.Opened session = sessions.open(token);
    return HttpResponse.seeOther(URI.create(firstPage(who)))
        .cookie(SessionCookie.issue(session.id(), session.maxAge(), request));
  }

  /** Ends the session server-side; with a session, only with the form's CSRF token. */
  @Post(value = "/ui/logout", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> logout(
      HttpRequest<?> request, @Nullable Authentication who, @Nullable @Body LogoutForm form) {
    // the whole form is bound, as on the other form routes: binding one field by name
    // (@Body("_csrf")) hit a race in Micronaut's form-part binder (a 500 in about 1 of 2,000
    // fuzzed requests)
    if (who != null) {
      Pages.checkCsrf(request, form == null ? null : form._csrf());
    }
    SessionCookie.id(request).ifPresent(sessions::close);
    return HttpResponse.seeOther(URI.create("/ui/login")).cookie(SessionCookie.clear(request));
  }

  // one route for /ui and /ui/: Micronaut matches both to it, and a second route for either made
  // every request to them ambiguous (400). The session cookie belongs to /ui/, so /ui goes there.
  @Get("/ui")
  HttpResponse<?> home(HttpRequest<?> request, @Nullable Authentication who) {
    if (!request.getPath().endsWith("/")) {
      return HttpResponse.seeOther(URI.create("/ui/"));
    }
    return who == null ? Pages.toLogin() : HttpResponse.seeOther(URI.create(firstPage(who)));
  }

  @Get("/")
  HttpResponse<?> root() {
    return HttpResponse.seeOther(URI.create("/ui/"));
  }

  private static String firstPage(Authentication who) {
    return Pages.has(who, "qa") && !Pages.has(who, "sre") ? "/ui/scenarios" : "/ui/decisions";
  }
}
