package io.tollgate.gate.deploy;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.Inputs;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.gates.GateService;
import io.tollgate.gate.security.Role;
import io.tollgate.gate.store.AuditLog;
import io.tollgate.rules.model.Binding;
import io.tollgate.rules.parse.GateBindings;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A gate's bindings: those of its YAML ({@code spec.bindings}, changed by saving a new version) and
 * those added here, one row per service.
 *
 * <pre>
 * curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
 *   -d '{"trigger":"deploy","services":["checkout"],"environment":"production","watch":"30m","every":"2m"}' \
 *   "$TOLLGATE/api/v1/gates/checkout-release/bindings"
 * </pre>
 */
@Controller("/api/v1/gates/{name}/bindings")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "gates")
class BindingController {
  private static final int MAX_BODY = 64 * 1024;

  private final BindingStore store;
  private final GateBindingsView view;
  private final GateService gates;
  private final DeployProperties properties;
  private final AuditLog audit;
  private final Clock clock;

  BindingController(
      BindingStore store,
      GateBindingsView view,
      GateService gates,
      DeployProperties properties,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.view = view;
    this.gates = gates;
    this.properties = properties;
    this.audit = audit;
    this.clock = clock;
  }

  @Operation(summary = "The gate's bindings (from its YAML and from the API), one per service")
  @Get
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  List<StoredBinding.View> list(@PathVariable String name) {
    exists(name);
    return views(name);
  }

  @Operation(
      summary = "Bind the gate to a trigger for some services (audited)",
      description =
          "The body is one binding as in the gate's spec.bindings: trigger (deploy, flag,"
              + " schedule), services, environment, flag, watch, every, cron.")
  @Post(consumes = MediaType.APPLICATION_JSON)
  @Secured(Role.SRE_NAME)
  HttpResponse<List<StoredBinding.View>> add(
      @PathVariable String name, @Body String body, Authentication who) {
    exists(name);
    if (body.length() > MAX_BODY) {
      throw new ProblemException(
          ProblemType.PAYLOAD_TOO_LARGE, "a binding may have at most " + MAX_BODY + " characters");
    }
    Inputs.noNulInDocument("the binding", body);
    GateBindings.One one = GateBindings.one("binding", body);
    Binding b =
        one.binding()
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.VALIDATION,
                        one.issues().isEmpty()
                            ? "the binding cannot be read"
                            : one.issues().get(0).message(),
                        one.issues().stream()
                            .map(
                                i ->
                                    new Problem.Issue(
                                        i.message(),
                                        null,
                                        i.at().line() > 0 ? i.at().line() : null,
                                        i.at().column() > 0 ? i.at().column() : null))
                            .toList()));
    Instant now = clock.instant();
    Instant next =
        b.trigger() == Binding.Trigger.SCHEDULE
            ? Schedule.next(b.trigger(), b.every(), b.cron().orElse(null), now)
            : null;
    List<StoredBinding> rows =
        StoredBinding.of(name, StoredBinding.Origin.API, b, next, who.getName(), now);
    try {
      int have = store.count(name);
      if (have + rows.size() > properties.maxBindingsPerGate()) {
        throw new ProblemException(
            ProblemType.CONFLICT,
            "gate "
                + name
                + " has "
                + have
                + " bindings; at most "
                + properties.maxBindingsPerGate()
                + " are allowed (tollgate.deploy.max-bindings-per-gate)");
      }
      store.add(rows);
      audit.record(
          who.getName(),
          "gate.bind",
          "gate/" + name,
          b.trigger().name().toLowerCase(Locale.ROOT) + " " + String.join(",", b.services()));
      return HttpResponse.created(views(name));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the binding", e);
    }
  }

  @Operation(summary = "Remove a binding added through the API (audited)")
  @Delete("/{id}")
  @Secured(Role.SRE_NAME)
  HttpResponse<Void> remove(@PathVariable String name, @PathVariable long id, Authentication who) {
    exists(name);
    try {
      if (!store.remove(name, id)) {
        throw ProblemException.notFound(
            "API binding " + id + " of gate '" + name + "' (YAML bindings change with the gate)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot remove the binding", e);
    }
    audit.record(who.getName(), "gate.unbind", "gate/" + name, "binding " + id);
    return HttpResponse.noContent();
  }

  private List<StoredBinding.View> views(String name) {
    return view.of(name);
  }

  private void exists(String name) {
    if (gates.find(name).isEmpty()) {
      throw ProblemException.notFound("gate '" + name + "'");
    }
  }
}
