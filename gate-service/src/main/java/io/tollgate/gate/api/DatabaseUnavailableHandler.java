package io.tollgate.gate.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NUL character that reached PostgreSQL (which refuses it in text) is a 400; a database that
 * cannot be reached is a 503 with {@code Retry-After}, not a 500: the request may succeed as soon
 * as it is back. Other data-access failures stay internal errors, logged here and never described
 * to the caller.
 */
@Produces(Problem.MEDIA_TYPE)
@Singleton
@Requires(classes = {DataAccessException.class, ExceptionHandler.class})
final class DatabaseUnavailableHandler
    implements ExceptionHandler<DataAccessException, HttpResponse<Problem>> {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);

  @Override
  @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
  public HttpResponse<Problem> handle(HttpRequest request, DataAccessException exception) {
    if (unreachable(exception)) {
      LOG.warn("database unavailable for {}: {}", request.getPath(), exception.toString());
      return unavailable(request);
    }
    if (nulRefused(exception)) {
      // the safety net behind the field checks: whatever route let a NUL through, PostgreSQL
      // refused it and the statement was rolled back; the caller sent it, so this is a 400
      LOG.warn("NUL character refused by the database for {}", request.getPath());
      return ProblemResponses.respond(
          Problem.of(
              ProblemType.NUL_CHARACTER,
              "a text field " + Inputs.NUL + "; it cannot be stored",
              request.getPath()));
    }
    LOG.error("data access failed for {}", request.getPath(), exception);
    return ProblemResponses.respond(
        Problem.of(
            ProblemType.INTERNAL,
            "an internal error occurred; it has been logged",
            request.getPath()));
  }

  static HttpResponse<Problem> unavailable(HttpRequest<?> request) {
    return ProblemResponses.respond(
            Problem.of(
                ProblemType.UNAVAILABLE,
                "the database is unavailable; retry shortly",
                request.getPath()))
        .header("Retry-After", "5");
  }

  /** PostgreSQL's "invalid byte sequence for encoding UTF8: 0x00" (SQLState 22021). */
  static boolean nulRefused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "22021".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P03"))) {
        return true;
      }
    }
    return false;
  }
}
