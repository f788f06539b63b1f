package io.tollgate.gate.incidents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.Inputs;
import io.tollgate.gate.api.Paging;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.redaction.Redactor;
import io.tollgate.gate.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Incidents: SREs create them (or a monitoring system sends CDEvents), everyone who reads the
 * catalog sees them with the failure modes active during them and their test coverage.
 *
 * <pre>
 * curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
 *   -d '{"service":"checkout","title":"Checkout errors","severity":"high","startedAt":"..."}' \
 *   "$TOLLGATE/api/v1/incidents"
 * </pre>
 */
@Controller("/api/v1/incidents")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "incidents")
class IncidentController {
  private final IncidentService incidents;
  private final Redactor redactor;
  private final Clock clock;

  IncidentController(IncidentService incidents, Redactor redactor, Clock clock) {
    this.incidents = incidents;
    this.redactor = redactor;
    this.clock = clock;
  }

  @Serdeable
  record IncidentBody(
      @NotBlank @Size(max = 200) String service,
      @NotBlank @Size(max = 500) String title,
      @Nullable @Size(max = 16) String severity,
      @Nullable @Size(max = 200) String environment,
      @NotNull Instant startedAt,
      @Nullable Instant resolvedAt,
      @Nullable @Size(max = 500) String sourceId) {}

  @Operation(summary = "Create an incident (audited)")
  @Post
  @Secured(Role.SRE_NAME)
  HttpResponse<Incident> create(@Body @Valid IncidentBody body, Authentication who) {
    Inputs.noNulIn(body);
    Incident saved =
        incidents.create(
            new Incident(
                0,
                body.service().strip(),
                body.title().strip(),
                severity(body.severity()),
                blank(body.environment()),
                body.startedAt(),
                body.resolvedAt(),
                "api",
                body.sourceId() == null || body.sourceId().isBlank()
                    ? UUID.randomUUID().toString()
                    : body.sourceId().strip(),
                who.getName(),
                clock.instant()));
    return HttpResponse.created(saved);
  }

  @Operation(
      summary = "List incidents, newest first",
      description =
          "Paged: `limit` (1 to 1000, default 100) items, then `cursor` = the `X-Next-Cursor`"
              + " header of the page before (also in `Link: <...>; rel=\"next\"`); the last page"
              + " has neither.")
  @Get
  @Secured(Role.VIEWER_NAME)
  HttpResponse<List<Incident>> list(
      HttpRequest<?> request,
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    Paging.Page page = Paging.page(limit, cursor, 100);
    Long before = page.after() == null ? null : Paging.afterId(page);
    List<Incident> fetched = incidents.page(blank(service), before, page.limit() + 1);
    return Paging.respond(request, fetched, page, i -> Long.toString(i.id()));
  }

  @Operation(summary = "One incident with the failure modes active during it and their coverage")
  @Get("/{id}")
  @Secured(Role.VIEWER_NAME)
  IncidentService.Detail get(@PathVariable long id, Authentication who) {
    return incidents.detail(id, redactor.forViewer(who));
  }

  /** When an incident was resolved; now when not given. */
  @Serdeable
  record ResolveBody(@Nullable Instant resolvedAt) {}

  @Operation(
      summary = "Resolve an incident (audited)",
      description = "Sets its end to `resolvedAt`, or now; resolving again moves the end.")
  @Post("/{id}/resolve")
  @Secured(Role.SRE_NAME)
  Incident resolve(@PathVariable long id, @Nullable @Body ResolveBody body, Authentication who) {
    Instant at = body == null || body.resolvedAt() == null ? clock.instant() : body.resolvedAt();
    return incidents.resolve(id, at, who.getName());
  }

  static Severity severity(@Nullable String s) {
    if (s == null || s.isBlank()) {
      return Severity.UNKNOWN;
    }
    return Severity.parse(s)
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.VALIDATION,
                    "severity must be one of critical, high, medium, low, unknown",
                    List.of(
                        Problem.Issue.at(
                            "/severity", "must be one of critical, high, medium, low, unknown"))));
  }

  @Nullable
  static String blank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
