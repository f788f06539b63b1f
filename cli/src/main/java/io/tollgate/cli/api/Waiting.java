package io.tollgate.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Long-polls an evaluation until its decision is final or the timeout passes. */
final class Waiting {
  private Waiting() {}

  static JsonNode until(Api api, long id, Duration timeout) throws Api.Failure {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long leftSeconds = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
      long wait = Math.min(60, leftSeconds);
      JsonNode full =
          api.get(
                  "/api/v1/evaluations/" + id + "?view=full&wait=" + wait + "s",
                  Duration.ofSeconds(wait + 30))
              .body();
      boolean done = "DONE".equals(full.path("summary").path("status").asText());
      boolean overridden =
          !full.path("summary").path("override").isMissingNode()
              && full.path("summary").path("override").path("active").asBoolean(false);
      if (done || overridden || System.nanoTime() >= deadline) {
        return full;
      }
    }
  }
}
