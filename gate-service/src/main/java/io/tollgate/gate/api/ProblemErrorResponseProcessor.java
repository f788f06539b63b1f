package io.tollgate.gate.api;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Renders every error the framework produces (unknown route, bad JSON, 401/403 from security, size
 * limits, uncaught exceptions) as {@code application/problem+json}.
 */
@Singleton
@Primary
@Replaces(ErrorResponseProcessor.class)
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> base) {
    int status = base.getStatus().getCode();
    Problem problem = ProblemResponses.fromContext(context, status);
    @SuppressWarnings("unchecked")
    MutableHttpResponse<Problem> response = (MutableHttpResponse<Problem>) base;
    return response.body(problem).contentType(Problem.MEDIA_TYPE);
  }
}
