package io.tollgate.gate.integrations;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.evaluation.Caller;
import io.tollgate.gate.evaluation.EvaluationRequest;
import io.tollgate.gate.evaluation.EvaluationRow;
import io.tollgate.gate.evaluation.EvaluationService;
import io.tollgate.gate.evaluation.Idempotency;
import io.tollgate.gate.security.Role;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.List;

/**
 * The Argo Rollouts {@code web} metric provider. Every measurement POSTs the same request; the
 * idempotency key (e.g. {@code "{{args.rollout}}-{{args.revision}}"}) makes it one evaluation. The
 * answer is always 200 with small JSON: {@code decision} PENDING while the evaluation runs (Argo
 * counts it Inconclusive), then PASS, WARN, FAIL, INCONCLUSIVE or ERROR.
 */
@Controller("/api/v1/integrations/argo")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "integrations")
class ArgoController {
  static final Duration WAIT = Duration.ofSeconds(3);

  /** Kept small: Argo stores the body in the AnalysisRun. */
  @Serdeable
  record Measurement(
      String decision,
      long evaluationId,
      @Nullable Double score,
      List<String> reasons,
      String url) {}

  private final EvaluationService evaluations;
  private final Reasons reasons;

  ArgoController(EvaluationService evaluations, Reasons reasons) {
    this.evaluations = evaluations;
    this.reasons = reasons;
  }

  @Operation(
      summary = "Argo Rollouts web metric: start or continue an evaluation, answer its state",
      description =
          "Use with successCondition: result.decision == \"PASS\" and failureCondition:"
              + " result.decision in [\"FAIL\", \"ERROR\"]. Requires an idempotencyKey.")
  @Post("/measure")
  @Secured(Role.PIPELINE_NAME)
  Measurement measure(@Body @Valid EvaluationRequest request, Authentication who) {
    if (request.idempotencyKey() == null || request.idempotencyKey().isBlank()) {
      throw new ProblemException(
          ProblemType.VALIDATION,
          "idempotencyKey is required: every Argo measurement sends the same request, e.g."
              + " \"{{args.rollout}}-{{args.revision}}\"");
    }
    Caller caller = Caller.of(who);
    // scoped to the gate and the token: a predictable {{rollout}}-{{revision}} sent by another
    // token or for another gate can never answer for this one
    String key = Idempotency.derive("argo", request.gate(), caller, request.idempotencyKey());
    EvaluationRow row = evaluations.start(request.withIdempotencyKey(key), null, caller).row();
    return answer(evaluations.await(row.id(), WAIT));
  }

  @Operation(summary = "Argo Rollouts web metric for an evaluation started elsewhere")
  @Get("/evaluations/{id}")
  @Secured({Role.PIPELINE_NAME, Role.VIEWER_NAME})
  Measurement get(@PathVariable long id) {
    return answer(evaluations.await(id, WAIT));
  }

  private Measurement answer(EvaluationRow row) {
    return new Measurement(
        reasons.decision(row),
        row.id(),
        row.score(),
        reasons.top(row, 3),
        "/api/v1/evaluations/" + row.id());
  }
}
