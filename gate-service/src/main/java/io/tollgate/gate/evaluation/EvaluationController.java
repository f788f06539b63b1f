package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
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
import io.tollgate.gate.api.Paging;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.security.Role;
import jakarta.inject.Named;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Pipelines start evaluations and wait for decisions; SREs override them.
 *
 * <pre>
 * curl -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
 *   "gate": "checkout-canary", "lookback": "30m",
 *   "canary": {"service": "checkout", "track": "canary"},
 *   "baseline": {"service": "checkout", "track": "baseline"}}' $TOLLGATE/api/v1/evaluations
 * curl -H "Authorization: Bearer $TOKEN" "$TOLLGATE/api/v1/evaluations/42?wait=60s"
 * </pre>
 */
@Controller("/api/v1")
@Tag(name = "evaluations")
class EvaluationController {

  @Serdeable
  record OverrideRequest(String outcome, String reason, @Nullable Instant expiresAt) {}

  @Serdeable
  record PinRequest(boolean pinned, boolean excluded) {}

  @Serdeable
  record CancelRequest(@Nullable String reason) {}

  private final EvaluationService evaluations;
  private final EvaluationViews views;
  private final EvaluationRepository rows;

  private final ExecutorService blocking;

  EvaluationController(
      EvaluationService evaluations,
      EvaluationViews views,
      EvaluationRepository rows,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.blocking = blocking;
    this.evaluations = evaluations;
    this.views = views;
    this.rows = rows;
  }

  @Operation(
      summary = "Start an evaluation of a gate",
      description =
          "201 with the new evaluation; 200 with the existing one when this token sent the"
              + " idempotency key (body field or Idempotency-Key header) for this gate before"
              + " with the same request; 409 when it came with a different request. 429 with"
              + " Retry-After past the running-evaluation quotas. With wait, the response"
              + " waits up to that long (max 60s) for the decision, holding no thread.")
  @Post("/evaluations")
  @Secured(Role.PIPELINE_NAME)
  @ExecuteOn(TaskExecutors.BLOCKING)
  CompletableFuture<HttpResponse<?>> start(
      @Body @Valid EvaluationRequest request,
      @Nullable @Header("Idempotency-Key") String idempotencyKey,
      @Nullable @QueryValue String wait,
      @QueryValue(defaultValue = "compact") String view,
      Authentication who) {
    Caller caller = Caller.of(who);
    Duration waiting = wait == null ? null : waitDuration(wait);
    EvaluationService.Started started = evaluations.start(request, idempotencyKey, caller);
    CompletableFuture<EvaluationRow> row =
        waiting == null
            ? CompletableFuture.completedFuture(started.row())
            : evaluations.awaitAsync(started.row().id(), waiting, caller);
    return row.thenApply(
        r ->
            HttpResponse.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(render(r, view))
                .headers(h -> h.location(URI.create("/api/v1/evaluations/" + r.id()))));
  }

  @Operation(
      summary = "An evaluation and its decision",
      description =
          "wait=30s long-polls until the decision is final (max 60s); view=full adds"
              + " per-SLI evidence.")
  @Get("/evaluations/{id}")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  CompletableFuture<Object> get(
      @PathVariable long id,
      @Nullable @QueryValue String wait,
      @QueryValue(defaultValue = "compact") String view,
      Authentication who) {
    // runs on the event loop: a decision in the read cache is answered without a thread hop;
    // anything that reads the database moves to the blocking pool, and waiting holds no thread
    Duration waiting = wait == null ? null : waitDuration(wait);
    java.util.Optional<EvaluationRow> cached = evaluations.cached(id);
    if (cached.isPresent()) {
      return CompletableFuture.completedFuture(render(cached.get(), view));
    }
    return CompletableFuture.supplyAsync(() -> evaluations.read(id), blocking)
        .thenCompose(
            now ->
                waiting == null || now.done()
                    ? CompletableFuture.completedFuture(now)
                    : evaluations.awaitAsync(id, waiting, Caller.of(who)))
        .thenApplyAsync(r -> render(r, view), blocking);
  }

  @Operation(
      summary = "Evaluations, newest first",
      description =
          "Paged: `limit` (1 to 1000) items, then `cursor` = the `X-Next-Cursor` header of the"
              + " page before (also in `Link: <...>; rel=\"next\"`); the last page has neither.")
  @Get("/evaluations")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<List<EvaluationViews.Compact>> list(
      HttpRequest<?> request,
      @Nullable @QueryValue String gate,
      @Nullable @QueryValue String service,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String cursor) {
    Paging.Page page = Paging.page(limit, cursor, 50);
    Long before = page.after() == null ? null : Paging.afterId(page);
    List<EvaluationViews.Compact> fetched =
        rows.list(gate, service, before, page.limit() + 1).stream().map(views::compact).toList();
    return Paging.respond(request, fetched, page, e -> Long.toString(e.id()));
  }

  @Operation(
      summary = "The latest decision for a gate, by service and version or commit",
      description = "For pipelines that only ask: may I promote?")
  @Get("/decisions/latest")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  @ExecuteOn(TaskExecutors.BLOCKING)
  Object latest(
      @QueryValue String gate,
      @Nullable @QueryValue String service,
      @Nullable @QueryValue String version,
      @Nullable @QueryValue String commit,
      @QueryValue(defaultValue = "compact") String view) {
    EvaluationRow row =
        evaluations
            .latest(gate, service, version, commit)
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        "a decision of gate '" + gate + "' for that service, version or commit"));
    return render(row, view);
  }

  @Operation(summary = "Approve (PASS) or block (FAIL) an evaluation, with a reason and expiry")
  @Post("/evaluations/{id}/override")
  @Secured(Role.SRE_NAME)
  @ExecuteOn(TaskExecutors.BLOCKING)
  EvaluationViews.Compact override(
      @PathVariable long id, @Body OverrideRequest body, Authentication who) {
    return views.compact(
        evaluations.override(id, body.outcome(), body.reason(), body.expiresAt(), who.getName()));
  }

  @Operation(
      summary = "Cancel a running evaluation",
      description =
          "For sre and admin, and the token that started it. The decision becomes ERROR with the"
              + " reason; no further step runs. 409 when it already finished. Audited.")
  @Post("/evaluations/{id}/cancel")
  @Secured({Role.PIPELINE_NAME, Role.SRE_NAME})
  @ExecuteOn(TaskExecutors.BLOCKING)
  EvaluationViews.Compact cancel(
      @PathVariable long id, @Nullable @Body CancelRequest body, Authentication who) {
    boolean privileged = who.getRoles().contains(Role.SRE_NAME);
    return views.compact(
        evaluations.cancel(id, body == null ? null : body.reason(), Caller.of(who), privileged));
  }

  @Operation(summary = "Remove an override")
  @Delete("/evaluations/{id}/override")
  @Secured(Role.SRE_NAME)
  @ExecuteOn(TaskExecutors.BLOCKING)
  EvaluationViews.Compact clearOverride(@PathVariable long id, Authentication who) {
    return views.compact(evaluations.clearOverride(id, who.getName()));
  }

  @Operation(summary = "Pin an evaluation as a history baseline, or exclude it from history")
  @Post("/evaluations/{id}/pin")
  @Secured(Role.SRE_NAME)
  @ExecuteOn(TaskExecutors.BLOCKING)
  EvaluationViews.Compact pin(@PathVariable long id, @Body PinRequest body, Authentication who) {
    return views.compact(evaluations.pin(id, body.pinned(), body.excluded(), who.getName()));
  }

  private Object render(EvaluationRow row, String view) {
    return "full".equals(view) ? views.full(row) : views.compact(row);
  }

  static Duration waitDuration(String wait) {
    try {
      Duration d = Durations.parse(wait, "wait");
      return d.compareTo(EvaluationService.MAX_WAIT) > 0 ? EvaluationService.MAX_WAIT : d;
    } catch (IllegalArgumentException e) {
      throw EvaluationService.invalid(e.getMessage());
    }
  }
}
