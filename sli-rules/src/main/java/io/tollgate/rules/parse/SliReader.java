package io.tollgate.rules.parse;

import io.tollgate.rules.model.Direction;
import io.tollgate.rules.model.MissingData;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.SliSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads one SLI entry: name, source, unit, direction, missing-data policy and criteria. */
final class SliReader {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final Issues issues;
  private final TemplateNodes templates;
  private final SourceReader sources;
  private final CriterionReader criteria;

  SliReader(Issues issues, TemplateNodes templates) {
    this.issues = issues;
    this.templates = templates;
    this.sources = new SourceReader(issues);
    this.criteria = new CriterionReader(issues);
  }

  Optional<Sli> read(Node item, Map<String, Node> seen) {
    Optional<YamlMap> maybe = YamlMap.of(item, issues, "an SLI");
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m =
        maybe
            .get()
            .allowOnly(
                "name", "description", "source", "unit", "direction", "onMissingData", "criteria");
    Optional<String> name = m.requiredString("name", "every SLI needs a name");
    name.ifPresent(n -> checkName(m, n, seen));
    Optional<SliSource> source =
        m.has("source") ? m.map("source").flatMap(sources::read) : Optional.empty();
    if (!m.has("source")) {
      m.missing(
          "source",
          "say where the values come from (traces, metrics, prometheus, testrun, scenarios,"
              + " incidents, parity)");
    }
    source.ifPresent(src -> m.node("source").ifPresent(node -> templates.remember(src, node)));
    Direction direction = m.enumValue("direction", Direction.class).orElse(null);
    Optional<MissingData> onMissing = m.enumValue("onMissingData", MissingData.class);
    List<Objective> objectives = new ArrayList<>();
    for (Node c : m.list("criteria")) {
      criteria.read(c).ifPresent(objectives::add);
    }
    if (name.isEmpty() || source.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Sli(
            name.get(),
            source.get(),
            m.string("unit").orElse(""),
            direction,
            onMissing,
            objectives,
            m.at()));
  }

  private void checkName(YamlMap m, String n, Map<String, Node> seen) {
    Node at = m.node("name").orElseThrow();
    if (!NAME.matcher(n).matches()) {
      issues.error(
          at,
          "SLI name '"
              + Issues.shorten(n)
              + "' must be lower case letters, digits and '_' (starting with a letter), e.g. '"
              + Issues.shorten(n).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
              + "'");
    }
    Node first = seen.putIfAbsent(n, at);
    if (first != null) {
      issues.error(
          at,
          "duplicate SLI name '"
              + Issues.shorten(n)
              + "' (first defined at line "
              + issues.at(first).line()
              + "); SLI names must be unique");
    }
  }
}
