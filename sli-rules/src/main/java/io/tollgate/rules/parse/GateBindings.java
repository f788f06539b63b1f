package io.tollgate.rules.parse;

import io.tollgate.rules.check.RuleIssue;
import io.tollgate.rules.model.Binding;
import java.util.List;
import java.util.Optional;

/**
 * The bindings of a gate document ({@code spec.bindings}), for the service that starts bound gates.
 * {@link GateParser} checks them with the rest of the gate; this reads them from a stored, valid
 * document.
 *
 * <pre>{@code
 * List<Binding> bindings = GateBindings.read("gate.yaml", text);
 * }</pre>
 */
public final class GateBindings {
  private GateBindings() {}

  /** The document's bindings; empty when it has none or does not parse. */
  public static List<Binding> read(String sourceName, String yaml) {
    Issues issues = new Issues(sourceName);
    return YamlTree.load(yaml, issues)
        .flatMap(root -> YamlMap.of(root, issues, "a gate document"))
        .flatMap(doc -> doc.map("spec"))
        .map(spec -> new BindingReader(issues).read(spec))
        .filter(b -> !issues.hasErrors())
        .orElse(List.of());
  }

  /** One binding read on its own (a JSON object is YAML too), or the issues that refuse it. */
  public record One(Optional<Binding> binding, List<RuleIssue> issues) {}

  /**
   * Reads one binding, as the API receives it: {@code {"trigger": "deploy", "services": [...]}}.
   */
  public static One one(String sourceName, String text) {
    Issues issues = new Issues(sourceName);
    Optional<Binding> b =
        YamlTree.load(text, issues, 64 * 1024)
            .flatMap(root -> YamlMap.of(root, issues, "a binding"))
            .flatMap(m -> new BindingReader(issues).one(m));
    return new One(issues.hasErrors() ? Optional.empty() : b, issues.sorted());
  }
}
