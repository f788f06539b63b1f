package io.tollgate.gate.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** No connection from the pool within its timeout (the database is gone or slow): a 503. */
@Produces(Problem.MEDIA_TYPE)
@Singleton
@Requires(classes = {CannotGetJdbcConnectionException.class, ExceptionHandler.class})
final class PoolTimeoutHandler
    implements ExceptionHandler<CannotGetJdbcConnectionException, HttpResponse<Problem>> {
  private static final Logger LOG = LoggerFactory.getLogger(PoolTimeoutHandler.class);

  @Override
  @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
  public HttpResponse<Problem> handle(
      HttpRequest request, CannotGetJdbcConnectionException exception) {
    LOG.warn("database unavailable for {}: {}", request.getPath(), exception.toString());
    return DatabaseUnavailableHandler.unavailable(request);
  }
}
