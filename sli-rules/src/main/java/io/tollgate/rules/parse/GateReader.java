package io.tollgate.rules.parse;

import io.tollgate.rules.model.ErrorControl;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Metadata;
import io.tollgate.rules.model.MissingData;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Scoring;
import io.tollgate.rules.model.Sli;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the top of a gate document: version, kind, metadata and the spec's gate-wide settings. */
final class GateReader {
  private final Issues issues;
  private final TemplateNodes templates;

  GateReader(Issues issues) {
    this.issues = issues;
    this.templates = new TemplateNodes(issues);
  }

  /** Where the templated source fields of the SLIs read so far were written. */
  TemplateNodes templates() {
    return templates;
  }

  Optional<Gate> read(Node root) {
    Optional<YamlMap> top = YamlMap.of(root, issues, "a gate document");
    if (top.isEmpty()) {
      return Optional.empty();
    }
    YamlMap doc = top.get().allowOnly("apiVersion", "kind", "metadata", "spec");
    doc.requiredString("apiVersion", "write 'apiVersion: " + Gate.API_VERSION + "'")
        .filter(v -> !v.equals(Gate.API_VERSION))
        .ifPresent(
            v ->
                issues.error(
                    doc.node("apiVersion").orElseThrow(),
                    "unsupported apiVersion '"
                        + Issues.shorten(v)
                        + "' (expected '"
                        + Gate.API_VERSION
                        + "')"));
    doc.requiredString("kind", "write 'kind: Gate'")
        .filter(v -> !v.equals("Gate"))
        .ifPresent(
            v ->
                issues.error(
                    doc.node("kind").orElseThrow(),
                    "unsupported kind '" + Issues.shorten(v) + "' (expected 'Gate')"));
    Metadata metadata = readMetadata(doc);
    if (!doc.has("spec")) {
      doc.missing("spec", "a gate needs 'spec.slis'");
      return Optional.empty();
    }
    Optional<YamlMap> specMap = doc.map("spec");
    if (specMap.isEmpty()) {
      return Optional.empty();
    }
    YamlMap spec =
        specMap
            .get()
            .allowOnly("onMissingData", "scoring", "variables", "errorControl", "slis", "bindings");
    MissingData onMissing = spec.enumValue("onMissingData", MissingData.class).orElse(null);
    Scoring scoring = readScoring(spec);
    Map<String, String> variables = spec.stringMap("variables");
    List<Sli> slis = readSlis(spec, variables);
    ErrorControl errorControl = readErrorControl(spec, slis);
    // bindings are checked here with the rest; the service reads them with GateBindings
    new BindingReader(issues).read(spec);
    if (metadata == null) {
      // keep checking the rest: the caller drops the gate because an error was recorded
      metadata = new Metadata("unnamed", "", Map.of(), "");
    }
    // a partial gate (bad parts left out, each with an issue) still goes through the checker
    return Optional.of(
        new Gate(
            Gate.API_VERSION,
            metadata,
            onMissing,
            scoring,
            variables,
            slis,
            doc.at(),
            errorControl));
  }

  private Metadata readMetadata(YamlMap doc) {
    if (!doc.has("metadata")) {
      doc.missing("metadata", "a gate needs at least 'metadata.name'");
      return null;
    }
    return doc.map("metadata")
        .map(m -> m.allowOnly("name", "owner", "labels", "description"))
        .flatMap(
            m ->
                m.requiredString("name", "name the gate")
                    .map(
                        name ->
                            new Metadata(
                                name,
                                m.string("owner").orElse(""),
                                m.stringMap("labels"),
                                m.string("description").orElse(""))))
        .orElse(null);
  }

  /**
   * {@code errorControl: bonferroni}, {@code errorControl: none}, or {@code {method: bonferroni,
   * weights: {error_rate: 2}}}. Whether the weights name SLIs that exist is the checker's job.
   */
  private ErrorControl readErrorControl(YamlMap spec, List<Sli> slis) {
    Optional<Node> node = spec.node("errorControl");
    if (node.isEmpty()) {
      return ErrorControl.DEFAULT;
    }
    if (node.get() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode) {
      return spec.enumValue("errorControl", ErrorControl.Method.class)
          .map(m -> new ErrorControl(m, Map.of()))
          .orElse(ErrorControl.DEFAULT);
    }
    Optional<YamlMap> m = spec.map("errorControl");
    if (m.isEmpty()) {
      return ErrorControl.DEFAULT;
    }
    YamlMap e = m.get().allowOnly("method", "weights");
    ErrorControl.Method method =
        e.enumValue("method", ErrorControl.Method.class).orElse(ErrorControl.Method.BONFERRONI);
    Map<String, Double> weights = new LinkedHashMap<>();
    e.map("weights")
        .ifPresent(
            w -> {
              List<String> names = slis.stream().map(Sli::name).toList();
              for (String sli : w.keys()) {
                Optional<Sli> named = slis.stream().filter(x -> x.name().equals(sli)).findFirst();
                if (named.isEmpty()) {
                  issues.error(
                      w.keyNode(sli).orElseThrow(),
                      "errorControl weight for unknown SLI '"
                          + Issues.shorten(sli)
                          + "'"
                          + io.tollgate.rules.check.Suggestions.didYouMean(sli, names));
                  continue;
                }
                boolean sequential =
                    named.get().objectives().stream()
                        .anyMatch(
                            o ->
                                o.criterion() instanceof io.tollgate.rules.model.Statistical st
                                    && st.test().anytimeValid());
                if (!sequential) {
                  issues.warning(
                      w.keyNode(sli).orElseThrow(),
                      "errorControl weight for '"
                          + sli
                          + "' has no effect: it has no anytime-valid criterion"
                          + " (sequential_proportion, sequential_quantile)");
                }
                w.number(sli)
                    .ifPresent(
                        v -> {
                          if (v > 0) {
                            weights.put(sli, v);
                          } else {
                            issues.error(
                                w.at(sli),
                                "errorControl weight of '"
                                    + Issues.shorten(sli)
                                    + "' must be > 0, got "
                                    + Numbers.format(v)
                                    + " (leave an SLI out to give it weight 1)");
                          }
                        });
              }
            });
    if (method == ErrorControl.Method.NONE && !weights.isEmpty()) {
      issues.warning(e.at("weights"), "errorControl weights have no effect with method: none");
    }
    return new ErrorControl(method, weights);
  }

  private Scoring readScoring(YamlMap spec) {
    Optional<YamlMap> m = spec.map("scoring");
    if (m.isEmpty()) {
      return Scoring.DEFAULT;
    }
    YamlMap s = m.get().allowOnly("pass", "warn");
    double pass = s.number("pass").orElse(Scoring.DEFAULT.pass());
    double warn = s.number("warn").orElse(Math.min(pass, Scoring.DEFAULT.warn()));
    if (pass > 100 || pass < 0) {
      issues.error(
          s.at("pass"),
          "scoring.pass is a percentage between 0 and 100, got " + Numbers.format(pass));
      return Scoring.DEFAULT;
    }
    if (warn < 0 || warn > pass) {
      issues.error(
          s.at("warn"),
          "scoring.warn must be between 0 and scoring.pass ("
              + Numbers.format(pass)
              + "), got "
              + Numbers.format(warn)
              + ": a score that warns cannot be higher than one that passes");
      return Scoring.DEFAULT;
    }
    return new Scoring(pass, warn);
  }

  private List<Sli> readSlis(YamlMap spec, Map<String, String> variables) {
    if (!spec.has("slis")) {
      spec.missing("slis", "a gate needs at least one SLI");
      return List.of();
    }
    List<Node> items = spec.list("slis");
    if (items.isEmpty() && spec.node("slis").isPresent()) {
      issues.error(spec.at("slis"), "'slis' is empty: a gate needs at least one SLI");
    }
    List<Sli> slis = new ArrayList<>();
    Map<String, Node> seen = new HashMap<>();
    SliReader reader = new SliReader(issues, templates);
    for (Node item : items) {
      reader.read(item, seen).ifPresent(slis::add);
    }
    return slis;
  }
}
