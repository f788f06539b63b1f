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
    String[] lines = sourceText == null ? new String[0] : sourceText.split("\r?\n", -1);
    StringBuilder out = new StringBuilder();
    for (RuleIssue issue : issues.stream().sorted(RuleIssue.BY_POSITION).toList()) {
      out.append(issue).append('\n');
      int line = issue.at().line();
      if (line >= 1 && line <= lines.length) {
        String text = lines[line - 1];
        if (text.length() > 200) {
          text = text.substring(0, 200) + "...";
        }
        out.append(text).append('\n');
        int col = Math.max(1, Math.min(issue.at().column(), text.length() + 1));
        out.append(" ".repeat(col - 1)).append("^\n");
      }
    }
    return out.toString();
  }
}
