package io.tollgate.rules.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads one YAML (or JSON) document as a node tree with positions, within limits that make hostile
 * input harmless: document size, alias count (no billion laughs), nesting depth. Every failure
 * becomes an issue; nothing is thrown.
 */
public final class YamlTree {
  /** Largest document accepted, in characters. */
  public static final int MAX_CHARS = 1_000_000;

  /** Most aliases to collections a document may use. */
  public static final int MAX_ALIASES = 50;

  /** Deepest nesting of flow collections accepted before parsing. */
  public static final int MAX_DEPTH = 64;

  private YamlTree() {}

  /** The document's root node, or empty with the reason recorded in {@code issues}. */
  public static Optional<Node> load(String text, Issues issues) {
    return load(text, issues, MAX_CHARS);
  }

  /**
   * As {@link #load(String, Issues)} with a different size limit (observation files are larger).
   */
  public static Optional<Node> load(String text, Issues issues, int maxChars) {
    List<Node> nodes = compose(text, issues, maxChars, false);
    return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.get(0));
  }

  /** Every document of a multi-document stream ({@code ---} separated), within the limits. */
  public static List<Node> loadAll(String text, Issues issues) {
    return compose(text, issues, MAX_CHARS, true);
  }

  private static List<Node> compose(String text, Issues issues, int maxChars, boolean all) {
    if (text == null || text.isBlank()) {
      issues.error(issues.start(), "empty document");
      return List.of();
    }
    if (text.length() > maxChars) {
      issues.error(
          issues.start(), "document is " + text.length() + " characters; the limit is " + maxChars);
      return List.of();
    }
    int depth = flowDepth(text);
    if (depth > MAX_DEPTH) {
      issues.error(
          issues.start(), "document nests " + depth + " levels deep; the limit is " + MAX_DEPTH);
      return List.of();
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(issues.source())
            .setAllowDuplicateKeys(true) // reported with positions by YamlMap instead
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setCodePointLimit(maxChars * 4 + 16)
            .build();
    try {
      List<Node> nodes = new ArrayList<>();
      if (all) {
        for (Node n : new Compose(settings).composeAllFromString(text)) {
          nodes.add(n);
        }
      } else {
        new Compose(settings).composeString(text).ifPresent(nodes::add);
      }
      if (nodes.isEmpty()) {
        issues.error(issues.start(), "empty document");
      }
      return nodes;
    } catch (MarkedYamlEngineException e) {
      var mark = e.getProblemMark().or(e::getContextMark);
      var at = mark.map(issues::at).orElse(issues.start());
      issues.error(at, "invalid YAML: " + firstLine(e.getProblem()));
    } catch (YamlEngineException e) {
      issues.error(issues.start(), "invalid YAML: " + firstLine(e.getMessage()));
    } catch (StackOverflowError e) {
      issues.error(issues.start(), "document nests too deep to read");
    } catch (RuntimeException e) {
      issues.error(issues.start(), "unreadable YAML: " + e.getClass().getSimpleName());
    }
    return List.of();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Nesting of flow collections and of block indentation, counted cheaply before parsing. */
  static int flowDepth(String text) {
    int depth = 0;
    int max = 0;
    boolean inSingle = false;
    boolean inDouble = false;
    int indentLevels = 0;
    int lineIndent = 0;
    boolean atLineStart = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        atLineStart = true;
        inSingle = false;
        inDouble = false;
        lineIndent = 0;
        continue;
      }
      if (atLineStart) {
        if (c == ' ' || c == '-') {
          lineIndent++;
          continue;
        }
        atLineStart = false;
        // two characters of indentation per level is the smallest that nests a block mapping
        indentLevels = Math.max(indentLevels, lineIndent / 2);
      }
      if (c == '\'' && !inDouble) {
        inSingle = !inSingle;
      } else if (c == '"' && !inSingle) {
        inDouble = !inDouble;
      } else if (!inSingle && !inDouble) {
        if (c == '[' || c == '{') {
          max = Math.max(max, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
          depth--;
        }
      }
    }
    return Math.max(max, indentLevels);
  }
}
