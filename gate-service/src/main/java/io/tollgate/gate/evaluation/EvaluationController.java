package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
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
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "evaluations")
class EvaluationController {

  @Serdeable
  record OverrideRequest(String outcome, String reason, @Nullable Instant expiresAt) {}

  @Serdeable
  record PinRequest(boolean pinned, boolean excluded) {}

  private final EvaluationService evaluations;
  private final EvaluationViews views;
  private final EvaluationRepository rows;

  EvaluationController(
      EvaluationService evaluations, EvaluationViews views, EvaluationRepository rows) {
    this.evaluations = evaluations;
    this.views = views;
    this.rows = rows;
  }

  @Operation(
      summary = "Start an evaluation of a gate",
      description =
          "201 with the new evaluation; 200 with the existing one when the idempotency key"
              + " (body field or Idempotency-Key header) was seen before. With wait, the"
              + " response waits up to that long (max 60s) for the decision.")
  @Post("/evaluations")
  @Secured(Role.PIPELINE_NAME)
  HttpResponse<?> start(
      @Body @Valid EvaluationRequest request,
      @Nullable @Header("Idempotency-Key") String idempotencyKey,
      @Nullable @QueryValue String wait,
      @QueryValue(defaultValue = "compact") String view,
      Authentication who) {
    EvaluationService.Started started = evaluations.start(request, idempotencyKey, who.getName());
    EvaluationRow row = started.row();
    if (wait != null) {
      row = evaluations.await(row.id(), waitDuration(wait));
    }
    return HttpResponse.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(render(row, view))
        .headers(h -> h.location(URI.create("/api/v1/evaluations/" + started.row().id())));
  }

  @Operation(
      summary = "An evaluation and its decision",
      description =
          "wait=30s long-polls until the decision is final (max 60s); view=full adds"
              + " per-SLI evidence.")
  @Get("/evaluations/{id}")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  Object get(
      @PathVariable long id,
      @Nullable @QueryValue String wait,
      @QueryValue(defaultValue = "compact") String view) {
    EvaluationRow row =
        wait == null ? evaluations.read(id) : evaluations.await(id, waitDuration(wait));
    return render(row, view);
  }

  @Operation(summary = "Evaluations, newest first")
  @Get("/evaluations")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  List<EvaluationViews.Compact> list(
      @Nullable @QueryValue String gate,
      @Nullable @QueryValue String service,
      @QueryValue(defaultValue = "50") @Min(1) @Max(500) int limit) {
    Pageable page = Pageable.from(0, limit);
    List<EvaluationRow> found =
        gate == null
            ? rows.listOrderByIdDesc(page)
            : service == null
                ? rows.findByGateNameOrderByIdDesc(gate, page)
                : rows.findByGateNameAndServiceOrderByIdDesc(gate, service, page);
    return found.stream().map(views::compact).toList();
  }

  @Operation(
      summary = "The latest decision for a gate, by service and version or commit",
      description = "For pipelines that only ask: may I promote?")
  @Get("/decisions/latest")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
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
  EvaluationViews.Compact override(
      @PathVariable long id, @Body OverrideRequest body, Authentication who) {
    return views.compact(
        evaluations.override(id, body.outcome(), body.reason(), body.expiresAt(), who.getName()));
  }

  @Operation(summary = "Remove an override")
  @Delete("/evaluations/{id}/override")
  @Secured(Role.SRE_NAME)
  EvaluationViews.Compact clearOverride(@PathVariable long id, Authentication who) {
    return views.compact(evaluations.clearOverride(id, who.getName()));
  }

  @Operation(summary = "Pin an evaluation as a history baseline, or exclude it from history")
  @Post("/evaluations/{id}/pin")
  @Secured(Role.SRE_NAME)
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
