package io.tollgate.rules.parse;

import io.tollgate.rules.check.TemplateLocator;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.SliSource;
import io.tollgate.rules.model.SourceLocation;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Remembers the YAML scalars of each source's templated fields, so the checker's caret lands on the
 * {@code $variable} itself: exactly for a one-line plain or quoted scalar without escapes, at the
 * scalar's start otherwise.
 */
final class TemplateNodes implements TemplateLocator {
  private final Issues issues;
  private final Map<SliSource, Map<String, ScalarNode>> fields = new IdentityHashMap<>();
  private final Map<SliSource, Node> sources = new IdentityHashMap<>();

  TemplateNodes(Issues issues) {
    this.issues = issues;
  }

  /**
   * Records the fields under the source's kind in {@code sourceNode} for {@code source}; nested
   * maps ({@code filter}, {@code attributes}) give {@code filter.key} fields.
   */
  void remember(SliSource source, Node sourceNode) {
    sources.put(source, sourceNode);
    Map<String, ScalarNode> out = new HashMap<>();
    if (child(sourceNode, source.kind()) instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode key)) {
          continue;
        }
        if (t.getValueNode() instanceof ScalarNode value) {
          out.put(key.getValue(), value);
        } else if (t.getValueNode() instanceof MappingNode nested) {
          for (NodeTuple n : nested.getValue()) {
            if (n.getKeyNode() instanceof ScalarNode k
                && n.getValueNode() instanceof ScalarNode v) {
              out.put(key.getValue() + "." + k.getValue(), v);
            }
          }
        }
      }
    }
    fields.put(source, out);
  }

  private static Node child(Node map, String key) {
    if (map instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return t.getValueNode();
        }
      }
    }
    return null;
  }

  @Override
  public SourceLocation locate(Sli sli, String field, int offset) {
    ScalarNode s = fields.getOrDefault(sli.source(), Map.of()).get(field);
    if (s == null) {
      Node source = sources.get(sli.source());
      return source == null ? sli.at() : issues.at(source);
    }
    SourceLocation start = issues.at(s);
    String value = s.getValue();
    ScalarStyle style = s.getScalarStyle();
    boolean quoted = style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED;
    // the value is the text as written only when its span is exactly the value (and its quotes):
    // one line, and no escapes ('\"' or "''") that would shift the columns
    boolean verbatim =
        (style == ScalarStyle.PLAIN || quoted)
            && s.getStartMark().isPresent()
            && s.getEndMark().isPresent()
            && s.getStartMark().get().getLine() == s.getEndMark().get().getLine()
            && s.getEndMark().get().getColumn() - s.getStartMark().get().getColumn()
                == value.length() + (quoted ? 2 : 0);
    if (!verbatim || offset < 0 || offset > value.length()) {
      return start;
    }
    return new SourceLocation(
        start.source(), start.line(), start.column() + offset + (quoted ? 1 : 0));
  }
}
