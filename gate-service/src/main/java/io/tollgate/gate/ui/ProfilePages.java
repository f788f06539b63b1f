package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.profile.TrafficProfile;
import io.tollgate.gate.profile.TrafficProfiles;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service's production traffic profile, with its daily shape as a chart. */
@Controller("/ui/traffic-profile")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class ProfilePages {
  private final TrafficProfiles profiles;

  ProfilePages(TrafficProfiles profiles) {
    this.profiles = profiles;
  }

  @Get
  HttpResponse<?> page(
      HttpRequest<?> request,
      @Nullable Authentication who,
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String window,
      @QueryValue @Nullable String environment) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", service == null ? "" : service);
    m.put("window", window == null || window.isBlank() ? "7d" : window);
    m.put("environment", environment == null || environment.isBlank() ? "production" : environment);
    m.put("profile", null);
    m.put("problem", "");
    if (service != null && !service.isBlank()) {
      try {
        TrafficProfile p = profiles.profile(TrafficProfiles.Ask.of(service, environment, window));
        m.put("profile", p);
        m.put("chart", ShapeChart.draw(p.dailyShape()));
      } catch (ProblemException e) {
        if (e.type() != ProblemType.NOT_FOUND && e.type().status() != 400) {
          throw e;
        }
        m.put("problem", e.detail());
      }
    }
    return Pages.page(request, who, "trafficprofile", "traffic-profile", m);
  }
}
