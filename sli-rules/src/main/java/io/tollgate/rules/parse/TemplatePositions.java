package io.tollgate.rules.parse;

import io.tollgate.rules.model.SourceLocation;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Finds where a {@code $variable} is written inside a one-line query, for a precise caret. */
final class TemplatePositions {
  private TemplatePositions() {}

  static Optional<SourceLocation> find(Issues issues, List<Node> scalars, String variable) {
    for (Node n : scalars) {
      ScalarNode s = (ScalarNode) n;
      String value = s.getValue();
      int i = indexOf(value, variable);
      if (i < 0) {
        continue;
      }
      SourceLocation start = issues.at(s);
      boolean oneLine = !value.contains("\n");
      boolean quoted =
          s.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED
              || s.getScalarStyle() == ScalarStyle.SINGLE_QUOTED;
      if (oneLine && (quoted || s.getScalarStyle() == ScalarStyle.PLAIN) && !value.contains("\\")) {
        return Optional.of(
            new SourceLocation(
                start.source(), start.line(), start.column() + i + (quoted ? 1 : 0)));
      }
      return Optional.of(start);
    }
    return Optional.empty();
  }

  private static int indexOf(String text, String variable) {
    int i = text.indexOf("${" + variable + "}");
    if (i >= 0) {
      return i;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "\\$" + java.util.regex.Pattern.quote(variable) + "(?![A-Za-z0-9_])")
            .matcher(text);
    return m.find() ? m.start() : -1;
  }
}
