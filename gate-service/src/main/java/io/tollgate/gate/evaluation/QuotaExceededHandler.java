package io.tollgate.gate.evaluation;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemType;
import jakarta.inject.Singleton;

/** A used-up quota as {@code 429 application/problem+json} with {@code Retry-After} in seconds. */
@Singleton
final class QuotaExceededHandler implements ExceptionHandler<QuotaExceeded, HttpResponse<Problem>> {

  @Override
  @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
  public HttpResponse<Problem> handle(HttpRequest request, QuotaExceeded e) {
    ProblemType t = ProblemType.QUOTA_EXCEEDED;
    return HttpResponse.<Problem>status(HttpStatus.TOO_MANY_REQUESTS)
        .body(new Problem(t.uri(), t.title(), t.status(), e.detail(), request.getPath(), null))
        .contentType(Problem.MEDIA_TYPE)
        .header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
  }
}
