package io.tollgate.gate.profile;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.security.Role;

/**
 * Production traffic profiles of a service, and the k6 load tests generated from them.
 *
 * <pre>
 * curl -H "Authorization: Bearer $TOKEN" "$TOLLGATE/api/v1/services/checkout/traffic-profile?window=7d"
 * </pre>
 */
@Controller("/api/v1/services/{service}")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "profiles")
class ProfileController {
  private final TrafficProfiles profiles;
  private final K6Exports k6;

  ProfileController(TrafficProfiles profiles, K6Exports k6) {
    this.profiles = profiles;
    this.k6 = k6;
  }

  @Operation(
      summary = "Traffic profile of a service from production aggregates",
      description =
          "Per operation: share of traffic, requests per minute (median, p95, peak), error ratio,"
              + " latency p50/p95/p99; and the daily shape (mean requests per UTC hour of day)."
              + " `window` 1h to 14d, default 7d; `environment` default production.")
  @Get("/traffic-profile")
  @Secured({Role.VIEWER_NAME, Role.QA_NAME, Role.SRE_NAME})
  TrafficProfile profile(
      @PathVariable String service,
      @QueryValue @Nullable String window,
      @QueryValue @Nullable String environment) {
    return profiles.profile(TrafficProfiles.Ask.of(service, environment, window));
  }

  @Operation(
      summary = "A k6 load test generated from the service's production traffic profile",
      description =
          "One constant-arrival-rate scenario per operation at its production peak minute times"
              + " `headroom` (0.1 to 100, default 1.5) for `duration` (1m to 24h, default 10m);"
              + " thresholds from the k6 SLIs of `gate` when given, else from production"
              + " quantiles and error ratios. `window` and `environment` as for the profile.")
  @Get(value = "/k6-script", produces = "text/javascript")
  @Secured({Role.VIEWER_NAME, Role.QA_NAME, Role.SRE_NAME})
  HttpResponse<String> k6Script(
      @PathVariable String service,
      @QueryValue @Nullable String window,
      @QueryValue @Nullable String environment,
      @QueryValue @Nullable String gate,
      @QueryValue @Nullable String headroom,
      @QueryValue @Nullable String duration) {
    String js =
        k6.script(TrafficProfiles.Ask.of(service, environment, window), gate, headroom, duration);
    return HttpResponse.ok(js).contentType("text/javascript; charset=utf-8");
  }
}
