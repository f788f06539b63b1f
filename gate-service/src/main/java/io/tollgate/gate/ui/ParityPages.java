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
import io.tollgate.gate.parity.EnvironmentParity;
import io.tollgate.gate.parity.ParityAsk;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service's facts in two environments side by side, differences highlighted. */
@Controller("/ui/parity")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class ParityPages {
  private final EnvironmentParity parity;

  ParityPages(EnvironmentParity parity) {
    this.parity = parity;
  }

  @Get
  HttpResponse<?> page(
      HttpRequest<?> request,
      @Nullable Authentication who,
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      @QueryValue @Nullable String window) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", service == null ? "" : service);
    m.put("from", from == null || from.isBlank() ? "staging" : from);
    m.put("to", to == null || to.isBlank() ? "production" : to);
    m.put("window", window == null || window.isBlank() ? "1d" : window);
    m.put("report", null);
    m.put("problem", "");
    if (service != null && !service.isBlank()) {
      try {
        m.put(
            "report",
            parity.compare(
                ParityAsk.of(
                    service,
                    (String) m.get("from"),
                    (String) m.get("to"),
                    (String) m.get("window"))));
      } catch (ProblemException e) {
        if (e.type() != ProblemType.NOT_FOUND && e.type().status() != 400) {
          throw e;
        }
        m.put("problem", e.detail());
      }
    }
    return Pages.page(request, who, "parity", "parity", m);
  }
}
