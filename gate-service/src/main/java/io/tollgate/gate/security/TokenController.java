package io.tollgate.gate.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.Inputs;
import io.tollgate.gate.api.Paging;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.store.ApiToken;
import io.tollgate.gate.store.ApiTokenRepository;
import io.tollgate.gate.store.AuditLog;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Admins create, list and revoke API tokens. */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tokens")
class TokenController {
  /** The latest time both databases store (PostgreSQL's range ends in 294276, H2's in 9999). */
  static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

  @Serdeable
  record CreateToken(
      @NotBlank @Size(max = 200) String name,
      @NotBlank @Size(max = 32) String role,
      @Nullable Instant expiresAt) {}

  @Serdeable
  record TokenView(
      long id,
      String name,
      String role,
      String prefix,
      String createdBy,
      Instant createdAt,
      @Nullable Instant expiresAt,
      @Nullable Instant revokedAt) {
    static TokenView of(ApiToken t) {
      return new TokenView(
          t.id(),
          t.name(),
          t.role(),
          t.tokenPrefix(),
          t.createdBy(),
          t.createdAt(),
          t.expiresAt(),
          t.revokedAt());
    }
  }

  /** The one response that carries a token; it is never shown again. */
  @Serdeable
  record CreatedToken(TokenView info, String token) {}

  @Serdeable
  record Me(String name, String role, Collection<String> grants) {}

  private final ApiTokenRepository tokens;
  private final TokenAuthenticator authenticator;
  private final AuditLog audit;
  private final Clock clock;

  TokenController(
      ApiTokenRepository tokens, TokenAuthenticator authenticator, AuditLog audit, Clock clock) {
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.audit = audit;
    this.clock = clock;
  }

  @Operation(summary = "Create an API token (the response is the only time it is shown)")
  @Post("/tokens")
  @Status(HttpStatus.CREATED)
  @Secured(Role.ADMIN_NAME)
  CreatedToken create(@Body @Valid CreateToken request, Authentication who) {
    Inputs.noNulIn(request);
    Role role =
        Role.parse(request.role())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.VALIDATION,
                        "role '"
                            + request.role()
                            + "' is not one of admin, sre, pipeline, qa,"
                            + " viewer"));
    Instant now = clock.instant();
    if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
      throw new ProblemException(ProblemType.VALIDATION, "expiresAt must be in the future");
    }
    if (request.expiresAt() != null && request.expiresAt().isAfter(LATEST_EXPIRY)) {
      throw new ProblemException(
          ProblemType.VALIDATION,
          "expiresAt must be before the year 10000",
          List.of(Problem.Issue.at("/expiresAt", "at most " + LATEST_EXPIRY)));
    }
    String token = Tokens.generate();
    authenticator.created(Tokens.hash(token));
    ApiToken saved =
        tokens.save(
            new ApiToken(
                null,
                request.name(),
                role.id(),
                Tokens.hash(token),
                Tokens.displayPrefix(token),
                who.getName(),
                now,
                request.expiresAt(),
                null));
    audit.record(
        who.getName(),
        "token.create",
        "token/" + saved.id(),
        "name=" + saved.name() + " role=" + saved.role());
    return new CreatedToken(TokenView.of(saved), token);
  }

  @Operation(
      summary = "List API tokens (without their secrets), oldest first",
      description =
          "Paged: `limit` (1 to 1000) items, then `cursor` = the `X-Next-Cursor` header of the"
              + " page before (also in `Link: <...>; rel=\"next\"`); the last page has neither.")
  @Get("/tokens")
  @Secured(Role.ADMIN_NAME)
  HttpResponse<List<TokenView>> list(
      HttpRequest<?> request,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    Paging.Page page = Paging.page(limit, cursor, 100);
    long after = page.after() == null ? 0 : Paging.afterId(page);
    return Paging.respond(
        request,
        tokens.findByIdGreaterThanOrderById(after, Pageable.from(0, page.limit() + 1)).stream()
            .map(TokenView::of)
            .toList(),
        page,
        t -> Long.toString(t.id()));
  }

  @Operation(summary = "Revoke an API token")
  @Delete("/tokens/{id}")
  @Secured(Role.ADMIN_NAME)
  HttpResponse<Void> revoke(@PathVariable long id, Authentication who) {
    ApiToken token =
        tokens.findById(id).orElseThrow(() -> ProblemException.notFound("token " + id));
    if (token.revokedAt() == null) {
      tokens.updateRevokedAt(id, clock.instant());
      authenticator.invalidate();
      audit.record(who.getName(), "token.revoke", "token/" + id, "name=" + token.name());
    }
    return HttpResponse.noContent();
  }

  @Operation(summary = "Who the presented token belongs to")
  @Get("/whoami")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  Me whoami(Authentication who) {
    return new Me(who.getName(), String.valueOf(who.getAttributes().get("role")), who.getRoles());
  }
}
