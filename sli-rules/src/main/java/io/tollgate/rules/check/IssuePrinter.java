package io.tollgate.rules.check;

import java.util.List;

/**
 * Prints issues compiler-style: {@code FILE:LINE:COL: severity: message}, then the source line and
 * a caret under the column.
 *
 * <pre>{@code
 * gate.yaml:12:7: error: unknown key 'wieght' (did you mean 'weight'?)
 *       wieght: 2
 *       ^
 * }</pre>
 */
public final class IssuePrinter {
  private IssuePrinter() {}

  /** Formats {@code issues} (sorted by position) against the text they were found in. */
  public static String format(List<RuleIssue> issues, String sourceText) {
    return format(issues, source -> sourceText);
  }

  /**
   * Formats issues from several documents; {@code textOf} gives each source's text (or null when it
   * is not at hand, which leaves out the source line and caret).
   */
  public static String format(
      List<RuleIssue> issues, java.util.function.Function<String, String> textOf) {
    StringBuilder out = new StringBuilder();
    for (RuleIssue issue : issues.stream().sorted(RuleIssue.BY_POSITION).toList()) {
      String text = textOf.apply(issue.at().source());
      String[] lines = text == null ? new String[0] : text.split("\r?\n", -1);
      out.append(issue).append('\n');
      int line = issue.at().line();
      if (line >= 1 && line <= lines.length) {
        String shown = lines[line - 1];
        if (shown.length() > 200) {
          shown = shown.substring(0, 200) + "...";
        }
        out.append(shown).append('\n');
        int col = Math.max(1, Math.min(issue.at().column(), shown.length() + 1));
        out.append(" ".repeat(col - 1)).append("^\n");
      }
    }
    return out.toString();
  }
}
