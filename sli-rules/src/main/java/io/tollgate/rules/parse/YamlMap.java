package io.tollgate.rules.parse;

import io.tollgate.rules.check.Suggestions;
import io.tollgate.rules.model.SourceLocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed, positioned reads from one YAML mapping. Wrong types, unknown keys (with "did you mean")
 * and duplicate keys become issues; reads of a bad value return empty.
 */
public final class YamlMap {
  private final MappingNode node;
  private final Issues issues;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlMap(MappingNode node, Issues issues) {
    this.node = node;
    this.issues = issues;
    for (NodeTuple t : node.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode key)) {
        issues.error(t.getKeyNode(), "keys must be plain strings");
        continue;
      }
      NodeTuple first = entries.putIfAbsent(key.getValue(), t);
      if (first != null) {
        issues.error(
            key,
            "duplicate key '"
                + key.getValue()
                + "' (first at line "
                + issues.at(first.getKeyNode()).line()
                + ")");
      }
    }
  }

  /** Reads {@code node} as a mapping, or records "expected a mapping" for {@code what}. */
  public static Optional<YamlMap> of(Node node, Issues issues, String what) {
    if (node instanceof MappingNode m) {
      return Optional.of(new YamlMap(m, issues));
    }
    issues.error(node, what + " must be a mapping, got " + describe(node));
    return Optional.empty();
  }

  /** Reports every key not in {@code known}, suggesting the closest known key. */
  public YamlMap allowOnly(String... known) {
    Set<String> allowed = new TreeSet<>(Arrays.asList(known));
    for (NodeTuple t : entries.values()) {
      String k = ((ScalarNode) t.getKeyNode()).getValue();
      if (!allowed.contains(k)) {
        issues.error(
            t.getKeyNode(),
            "unknown key '"
                + (k.length() > 60 ? k.substring(0, 60) + "..." : k)
                + "'"
                + Suggestions.didYouMean(k, allowed)
                + hint(allowed));
      }
    }
    return this;
  }

  private static String hint(Set<String> allowed) {
    return allowed.size() <= 10 ? "; allowed here: " + String.join(", ", allowed) : "";
  }

  /** The position of the mapping itself. */
  public SourceLocation at() {
    return issues.at(node);
  }

  /** The position of {@code key}'s value, or of the mapping when the key is absent. */
  public SourceLocation at(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? at() : issues.at(t.getValueNode());
  }

  /** The mapping node. */
  public MappingNode node() {
    return node;
  }

  /** The issue collector this map reports to. */
  public Issues issues() {
    return issues;
  }

  /** The keys present, in document order. */
  public Set<String> keys() {
    return entries.keySet();
  }

  /** True when {@code key} is present. */
  public boolean has(String key) {
    return entries.containsKey(key);
  }

  /** The value node of {@code key}, if present. */
  public Optional<Node> node(String key) {
    return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
  }

  /** The key node of {@code key}, if present. */
  public Optional<Node> keyNode(String key) {
    return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
  }

  /** Records that {@code key} is required and missing. */
  public void missing(String key, String why) {
    issues.error(node, "missing required key '" + key + "'" + (why.isEmpty() ? "" : ": " + why));
  }

  /** A string value (numbers and booleans are accepted as their text). */
  public Optional<String> string(String key) {
    return node(key).flatMap(n -> scalarText(n, key));
  }

  /** A required string value. */
  public Optional<String> requiredString(String key, String why) {
    if (!has(key)) {
      missing(key, why);
      return Optional.empty();
    }
    return string(key);
  }

  private Optional<String> scalarText(Node n, String key) {
    if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
      return Optional.of(s.getValue());
    }
    issues.error(n, "'" + key + "' must be a string, got " + describe(n));
    return Optional.empty();
  }

  /** A finite number. */
  public Optional<Double> number(String key) {
    return node(key).flatMap(n -> number(n, key));
  }

  /** Reads a node as a finite number, recording an issue otherwise. */
  public Optional<Double> number(Node n, String key) {
    if (n instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
      try {
        double v = Double.parseDouble(s.getValue().replace("_", ""));
        if (Double.isFinite(v)) {
          return Optional.of(v);
        }
      } catch (NumberFormatException e) {
        // falls through to the issue below
      }
    }
    issues.error(n, "'" + key + "' must be a finite number, got " + describe(n));
    return Optional.empty();
  }

  /** A whole number. */
  public Optional<Long> integer(String key) {
    return node(key)
        .flatMap(
            n -> {
              if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
                try {
                  return Optional.of(Long.parseLong(s.getValue().replace("_", "")));
                } catch (NumberFormatException e) {
                  // falls through
                }
              }
              issues.error(n, "'" + key + "' must be a whole number, got " + describe(n));
              return Optional.empty();
            });
  }

  /** A boolean. */
  public Optional<Boolean> bool(String key) {
    return node(key)
        .flatMap(
            n -> {
              if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
                return Optional.of(Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT)));
              }
              issues.error(n, "'" + key + "' must be true or false, got " + describe(n));
              return Optional.empty();
            });
  }

  /** A nested mapping. */
  public Optional<YamlMap> map(String key) {
    return node(key).flatMap(n -> of(n, issues, "'" + key + "'"));
  }

  /** The items of a sequence (empty when absent or not a sequence, the latter with an issue). */
  public List<Node> list(String key) {
    Optional<Node> n = node(key);
    if (n.isEmpty()) {
      return List.of();
    }
    if (n.get() instanceof SequenceNode s) {
      return s.getValue();
    }
    issues.error(n.get(), "'" + key + "' must be a list, got " + describe(n.get()));
    return List.of();
  }

  /** A mapping of strings to strings (labels, filters, variables). */
  public Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    map(key)
        .ifPresent(
            m -> {
              for (String k : m.keys()) {
                m.string(k).ifPresent(v -> out.put(k, v));
              }
            });
    return out;
  }

  /**
   * An enum constant, written in any case with {@code _}, {@code -} or camelCase: {@code
   * lower_is_better}, {@code lowerIsBetter} and {@code LOWER_IS_BETTER} are the same.
   */
  public <E extends Enum<E>> Optional<E> enumValue(String key, Class<E> type) {
    return string(key).flatMap(text -> enumOf(text, type, node(key).orElse(node), key));
  }

  /** Reads {@code text} as a constant of {@code type}, reporting at {@code at}. */
  public <E extends Enum<E>> Optional<E> enumOf(String text, Class<E> type, Node at, String key) {
    String wanted = normalize(text);
    List<String> spellings = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (normalize(e.name()).equals(wanted)) {
        return Optional.of(e);
      }
      spellings.add(spelling(e));
    }
    issues.error(
        at,
        "'"
            + key
            + "' must be one of "
            + String.join(", ", spellings)
            + ", got '"
            + Issues.shorten(text)
            + "'"
            + Suggestions.didYouMean(text, spellings));
    return Optional.empty();
  }

  /** How the language spells an enum constant: lower snake case. */
  public static String spelling(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static String normalize(String s) {
    return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }

  /** A short description of a node's type for messages. */
  public static String describe(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    if (n instanceof ScalarNode s) {
      if (s.getTag().equals(Tag.NULL)) {
        return "nothing";
      }
      String v = s.getValue();
      return "'" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'";
    }
    return "an unsupported node";
  }
}
