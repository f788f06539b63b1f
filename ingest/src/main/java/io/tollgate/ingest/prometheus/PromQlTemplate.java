package io.tollgate.ingest.prometheus;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fills {@code {{name}}} placeholders of a PromQL template so that no value can change the query's
 * structure.
 *
 * <p>Inside a double- or single-quoted string a value is escaped as a PromQL string literal ({@code
 * \}, the quote, newline, carriage return). Inside a backtick raw string, which has no escapes, a
 * value containing a backtick is refused. Outside any string only plain identifiers, numbers and
 * durations are accepted.
 *
 * <pre>{@code
 * PromQlTemplate.render(
 *     "sum(rate(http_requests_total{service=\"{{service}}\",track=\"{{track}}\"}[{{window}}]))",
 *     Map.of("service", "checkout", "track", "canary", "window", "5m"));
 * }</pre>
 */
public final class PromQlTemplate {
  private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_:.]+");

  private PromQlTemplate() {}

  /**
   * @throws IllegalArgumentException for an unknown or unterminated placeholder, or a value that is
   *     unsafe where it is placed
   */
  public static String render(String template, Map<String, String> variables) {
    StringBuilder out = new StringBuilder(template.length() + 32);
    char quote = 0;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{' && template.startsWith("{{", i)) {
        int end = template.indexOf("}}", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated placeholder at " + i);
        }
        String name = template.substring(i + 2, end).trim();
        String value = variables.get(name);
        if (value == null) {
          throw new IllegalArgumentException("no value for template variable '" + name + "'");
        }
        out.append(substitute(name, value, quote));
        i = end + 2;
        continue;
      }
      if (quote == 0) {
        if (c == '"' || c == '\'' || c == '`') {
          quote = c;
        }
      } else if (c == '\\' && quote != '`' && i + 1 < template.length()) {
        out.append(c).append(template.charAt(i + 1));
        i += 2;
        continue;
      } else if (c == quote) {
        quote = 0;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static String substitute(String name, String value, char quote) {
    return switch (quote) {
      case '"', '\'' -> escape(value, quote);
      case '`' -> {
        if (value.indexOf('`') >= 0) {
          throw new IllegalArgumentException(
              "value of '" + name + "' contains a backtick inside a raw string");
        }
        yield value;
      }
      default -> {
        if (!BARE.matcher(value).matches()) {
          throw new IllegalArgumentException(
              "value of '"
                  + name
                  + "' is outside quotes, so it must be a plain name, number or duration");
        }
        yield value;
      }
    };
  }

  /** Escapes a value for use inside a PromQL string literal quoted with {@code quote}. */
  public static String escape(String value, char quote) {
    StringBuilder b = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> {
          if (c == quote) {
            b.append('\\');
          }
          b.append(c);
        }
      }
    }
    return b.toString();
  }
}
