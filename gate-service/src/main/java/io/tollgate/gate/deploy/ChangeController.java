package io.tollgate.gate.deploy;

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
import io.tollgate.gate.evaluation.Caller;
import io.tollgate.gate.security.Role;
import io.tollgate.rules.model.Binding;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Deployments and flag changes from tools without CDEvents; each starts the gates bound to the
 * service. Every change (from here, CDEvents over HTTP or Kafka) is listed under {@code
 * /api/v1/changes} with the gates it started and their recommendations.
 *
 * <pre>
 * curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
 *   -d '{"service":"checkout","version":"2.1.0","previousVersion":"2.0.0","environment":"production"}' \
 *   "$TOLLGATE/api/v1/deployments"
 * </pre>
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "events in")
class ChangeController {
  private final Changes changes;
  private final Clock clock;

  ChangeController(Changes changes, Clock clock) {
    this.changes = changes;
    this.clock = clock;
  }

  /**
   * A deployment.
   *
   * @param kind {@code deployed} (default), {@code upgraded} or {@code rolledback}
   * @param at when it happened (default: now)
   * @param id the sender's id of the deployment: a repeat with the same id starts nothing
   */
  @Serdeable
  record DeploymentBody(
      @NotBlank @Size(max = 200) String service,
      @NotBlank @Size(max = 200) String version,
      @NotBlank @Size(max = 200) String environment,
      @Nullable @Size(max = 200) String previousVersion,
      @Nullable @Pattern(regexp = "deployed|upgraded|rolledback") String kind,
      @Nullable Instant at,
      @Nullable @Size(max = 500) String id) {}

  /** A feature flag's change: {@code flag} now serves {@code variant} in the environment. */
  @Serdeable
  record FlagChangeBody(
      @NotBlank @Size(max = 200) String service,
      @NotBlank @Size(max = 200) String flag,
      @NotBlank @Size(max = 200) String variant,
      @NotBlank @Size(max = 200) String environment,
      @Nullable Instant at,
      @Nullable @Size(max = 500) String id) {}

  @Operation(
      summary = "Record a deployment and start the gates bound to the service (post-deploy mode)",
      description =
          "201 with the change and the evaluations it started (a repeat of `id`: 200 and nothing"
              + " new). Each watch's `recommendation` is rollback, promote or continue.")
  @Post("/deployments")
  @Secured({Role.PIPELINE_NAME, Role.SRE_NAME})
  HttpResponse<Change> deployment(@Body @Valid DeploymentBody body, Authentication who) {
    Inputs.noNulIn(body);
    return receive(
        Binding.Trigger.DEPLOY,
        body.kind() == null ? "deployed" : body.kind(),
        body.service(),
        body.version(),
        blank(body.previousVersion()),
        body.environment(),
        null,
        null,
        body.at(),
        body.id(),
        who);
  }

  @Operation(summary = "Record a feature flag's change and start the gates bound to it")
  @Post("/flag-changes")
  @Secured({Role.PIPELINE_NAME, Role.SRE_NAME})
  HttpResponse<Change> flagChange(@Body @Valid FlagChangeBody body, Authentication who) {
    Inputs.noNulIn(body);
    return receive(
        Binding.Trigger.FLAG,
        "flag",
        body.service(),
        null,
        null,
        body.environment(),
        body.flag().strip(),
        body.variant().strip(),
        body.at(),
        body.id(),
        who);
  }

  private HttpResponse<Change> receive(
      Binding.Trigger trigger,
      String kind,
      String service,
      @Nullable String version,
      @Nullable String previousVersion,
      String environment,
      @Nullable String flag,
      @Nullable String variant,
      @Nullable Instant at,
      @Nullable String id,
      Authentication who) {
    Change c =
        Changes.checked(
            new Change(
                0,
                trigger,
                kind,
                service.strip(),
                version == null ? null : version.strip(),
                previousVersion,
                environment.strip(),
                flag,
                variant,
                "api",
                id == null || id.isBlank() ? UUID.randomUUID().toString() : id,
                at == null ? clock.instant() : at,
                who.getName(),
                Instant.EPOCH,
                List.of()),
            "/at");
    return respond(changes.receive(c, Caller.of(who)));
  }

  @Operation(
      summary = "List release changes, newest first",
      description = "Paged like the other lists: `limit` (1 to 1000, default 100), then `cursor`.")
  @Get("/changes")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  HttpResponse<List<Change>> list(
      HttpRequest<?> request,
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    Paging.Page page = Paging.page(limit, cursor, 100);
    Long before = page.after() == null ? null : Paging.afterId(page);
    List<Change> fetched = changes.page(blank(service), before, page.limit() + 1);
    return Paging.respond(request, fetched, page, c -> Long.toString(c.id()));
  }

  @Operation(summary = "One change with the gates it started and their recommendations")
  @Get("/changes/{id}")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  Change get(@PathVariable long id) {
    return changes.get(id);
  }

  private static HttpResponse<Change> respond(Changes.Received r) {
    URI location = URI.create("/api/v1/changes/" + r.change().id());
    return r.created()
        ? HttpResponse.created(r.change(), location)
        : HttpResponse.ok(r.change()).header("Location", location.toString());
  }

  @Nullable
  static String blank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
