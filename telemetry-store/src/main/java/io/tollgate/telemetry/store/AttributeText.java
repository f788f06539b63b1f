package io.tollgate.telemetry.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canonical attribute text ingest stores, {@code {k="v",...}} sorted by key with values escaped
 * as in PromQL: its pairs as a SQL {@code LIKE} pre-filter, and parsed back for the exact check.
 */
final class AttributeText {
  static final char LIKE_ESCAPE = '!';

  private AttributeText() {}

  /** {@code k="v"} as it appears in the canonical text. */
  static String pair(String key, String value) {
    return key
        + "=\""
        + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"";
  }

  /** A {@code LIKE ... ESCAPE '!'} pattern for text containing {@code pair}. */
  static String likeContaining(String pair) {
    StringBuilder b = new StringBuilder("%");
    for (char ch : pair.toCharArray()) {
      if (ch == '%' || ch == '_' || ch == LIKE_ESCAPE) {
        b.append(LIKE_ESCAPE);
      }
      b.append(ch);
    }
    return b.append('%').toString();
  }

  /**
   * The pairs of a canonical text. A text that does not parse to its end (ingest truncates very
   * long ones) yields the pairs before the damage.
   */
  static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.length() < 2 || text.charAt(0) != '{') {
      return out;
    }
    int i = 1;
    int n = text.length();
    while (i < n && text.charAt(i) != '}') {
      int eq = text.indexOf("=\"", i);
      if (eq < 0) {
        return out;
      }
      String key = text.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      boolean closed = false;
      while (j < n) {
        char ch = text.charAt(j);
        if (ch == '\\' && j + 1 < n) {
          char next = text.charAt(j + 1);
          value.append(next == 'n' ? '\n' : next);
          j += 2;
        } else if (ch == '"') {
          closed = true;
          j++;
          break;
        } else {
          value.append(ch);
          j++;
        }
      }
      if (!closed) {
        return out;
      }
      out.put(key, value.toString());
      i = j < n && text.charAt(j) == ',' ? j + 1 : j;
    }
    return out;
  }

  /** True when every wanted pair is in {@code text} with exactly that value. */
  static boolean includes(String text, Map<String, String> wanted) {
    if (wanted.isEmpty()) {
      return true;
    }
    Map<String, String> actual = parse(text);
    for (Map.Entry<String, String> w : wanted.entrySet()) {
      if (!w.getValue().equals(actual.get(w.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
