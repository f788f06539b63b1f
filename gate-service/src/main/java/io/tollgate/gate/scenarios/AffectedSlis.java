package io.tollgate.gate.scenarios;

import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.gate.gates.GateRow;
import io.tollgate.gate.gates.GateService;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Traces;
import io.tollgate.rules.template.Template;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate SLIs a scenario's failures count against: trace SLIs of the latest gate versions whose
 * service is the scenario's (or a template such as {@code $service}, filled per evaluation) and
 * whose operation is the scenario's or any.
 */
@Singleton
public final class AffectedSlis {
  private final GateService gates;

  AffectedSlis(GateService gates) {
    this.gates = gates;
  }

  /** A gate SLI; {@code templated} when the service is only known per evaluation. */
  @Serdeable
  public record Ref(String gate, String sli, String measure, boolean templated) {}

  List<Ref> of(Scenario s) {
    List<Ref> out = new ArrayList<>();
    for (GateRow row : gates.list()) {
      Gate gate;
      try {
        gate =
            gates
                .validate(row.name(), gates.version(row.name(), null).document())
                .gate()
                .orElse(null);
      } catch (RuntimeException e) {
        continue; // a gate that no longer parses affects nothing
      }
      if (gate == null) {
        continue;
      }
      for (Sli sli : gate.slis()) {
        if (sli.source() instanceof Traces t) {
          // filled by the rule language's one template engine; a variable the gate does not
          // give (such as $service, filled per evaluation) stays a template
          Template template = Template.parse(t.service());
          String service = template.describe(gate.variables());
          boolean templated = !gate.variables().keySet().containsAll(template.names());
          boolean serviceMatches = templated || service.equals(s.service());
          boolean operationMatches = t.operation().isEmpty() || t.operation().equals(s.operation());
          if (serviceMatches && operationMatches) {
            out.add(new Ref(row.name(), sli.name(), t.measure().name().toLowerCase(), templated));
          }
        }
      }
    }
    return out;
  }
}
