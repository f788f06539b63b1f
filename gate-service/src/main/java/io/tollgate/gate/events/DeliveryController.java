package io.tollgate.gate.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.Paging;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.security.Role;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The delivery log of decision and override events, for admins and SREs. */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "events")
class DeliveryController {
  private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "FAILED");

  private final DeliveryStore store;

  DeliveryController(DeliveryStore store) {
    this.store = store;
  }

  @Operation(
      summary = "Deliveries of decision and override events, newest first",
      description =
          "One row per event and destination with its attempts, last error and state. Filters:"
              + " `status` (PENDING, DELIVERED, FAILED), `evaluation` (an evaluation id),"
              + " `destination` (`kafka` or `webhook:<name>`). Paged: `limit` (1 to 1000) items,"
              + " then `cursor` = the `X-Next-Cursor` header of the page before.")
  @Get("/deliveries")
  @Secured(Role.SRE_NAME)
  HttpResponse<List<DeliveryRow>> list(
      HttpRequest<?> request,
      @QueryValue @Nullable String status,
      @QueryValue @Nullable String evaluation,
      @QueryValue @Nullable String destination,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    Paging.Page page = Paging.page(limit, cursor, 100);
    long before = page.after() == null ? Long.MAX_VALUE : Paging.afterId(page);
    String wanted = status == null ? null : status.trim().toUpperCase(Locale.ROOT);
    if (wanted != null && !STATUSES.contains(wanted)) {
      throw ProblemException.badRequest(
          "status must be PENDING, DELIVERED or FAILED (was '" + cut(status) + "')");
    }
    Long evaluationId = null;
    if (evaluation != null) {
      try {
        evaluationId = Long.parseLong(evaluation.trim());
      } catch (NumberFormatException e) {
        throw ProblemException.badRequest(
            "evaluation must be an evaluation id (was '" + cut(evaluation) + "')");
      }
    }
    if (destination != null && destination.length() > 120) {
      throw ProblemException.badRequest("destination must be at most 120 characters");
    }
    try {
      return Paging.respond(
          request,
          store.list(before, wanted, evaluationId, destination, page.limit() + 1),
          page,
          d -> Long.toString(d.id()));
    } catch (SQLException e) {
      throw new DataAccessException("reading the delivery log failed", e);
    }
  }

  private static String cut(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
