package io.tollgate.gate.parity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.security.Role;

/**
 * Environment parity: how a service's running system differs between two environments.
 *
 * <pre>
 * curl -H "Authorization: Bearer $TOKEN" "$TOLLGATE/api/v1/parity?service=checkout&amp;from=staging&amp;to=production"
 * </pre>
 */
@Controller("/api/v1/parity")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "parity")
class ParityController {
  private final EnvironmentParity parity;

  ParityController(EnvironmentParity parity) {
    this.parity = parity;
  }

  @Operation(
      summary = "Differences between a service's facts in two environments",
      description =
          "Service version, runtime, OpenTelemetry SDK, OS, container image, dependencies called"
              + " (with the versions those services report in the same environment) and"
              + " feature-flag variants, as the telemetry of `from` and `to` reported them within"
              + " `window` (1h to 14d, default 1d). Each difference is `differs`, `only-in-from`"
              + " or `only-in-to`. 404 when neither environment reported facts.")
  @Get
  @Secured({Role.VIEWER_NAME, Role.QA_NAME, Role.SRE_NAME})
  ParityReport parity(
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      @QueryValue @Nullable String window) {
    return parity.compare(ParityAsk.of(service, from, to, window));
  }
}
