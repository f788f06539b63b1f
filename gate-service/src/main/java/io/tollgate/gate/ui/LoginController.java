package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import java.net.URI;
import java.util.Map;

/** Sign in with an API token, sign out; {@code /} and {@code /ui/} lead to the right first page. */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class LoginController {
  private final TokenAuthenticator authenticator;

  LoginController(TokenAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Serdeable
  record LoginForm(@Nullable String token) {}

  @Get("/ui/login")
  HttpResponse<?> form() {
    return HttpResponse.ok(new ModelAndView<>("login", Map.of("error", "")));
  }

  @Post(value = "/ui/login", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> login(HttpRequest<?> request, @Body LoginForm form) {
    String token = form.token() == null ? "" : form.token().strip();
    Authentication who = authenticator.authenticate(token).orElse(null);
    if (who == null || (!who.getRoles().contains("viewer") && !who.getRoles().contains("qa"))) {
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
    return HttpResponse.seeOther(URI.create(firstPage(who)))
        .cookie(SessionCookie.issue(token, request.isSecure()));
  }

  @Post(value = "/ui/logout", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> logout() {
    return HttpResponse.seeOther(URI.create("/ui/login")).cookie(SessionCookie.clear());
  }

  @Get("/ui/")
  HttpResponse<?> home(@Nullable Authentication who) {
    return who == null ? Pages.toLogin() : HttpResponse.seeOther(URI.create(firstPage(who)));
  }

  @Get("/ui")
  HttpResponse<?> homeNoSlash() {
    return HttpResponse.seeOther(URI.create("/ui/"));
  }

  private static String firstPage(Authentication who) {
    return Pages.has(who, "qa") && !Pages.has(who, "sre") ? "/ui/scenarios" : "/ui/decisions";
  }
}
