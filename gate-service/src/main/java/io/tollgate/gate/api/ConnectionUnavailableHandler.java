package io.tollgate.gate.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** No connection to the database (pool timeout, connection closed by the server): a 503. */
@Produces(Problem.MEDIA_TYPE)
@Singleton
@Requires(classes = {ConnectionException.class, ExceptionHandler.class})
final class ConnectionUnavailableHandler
    implements ExceptionHandler<ConnectionException, HttpResponse<Problem>> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionUnavailableHandler.class);

  @Override
  @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
  public HttpResponse<Problem> handle(HttpRequest request, ConnectionException exception) {
    LOG.warn("database unavailable for {}: {}", request.getPath(), exception.toString());
    return DatabaseUnavailableHandler.unavailable(request);
  }
}
