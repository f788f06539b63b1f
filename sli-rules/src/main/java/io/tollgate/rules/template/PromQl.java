package io.tollgate.rules.template;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fills a PromQL template so that no value can change the query's structure. Where a variable
 * stands decides how its value goes in:
 *
 * <ul>
 *   <li>inside a double- or single-quoted string, the value is escaped as a PromQL string literal
 *       ({@code \}, the quote, newline, carriage return);
 *   <li>inside a backtick raw string, which has no escapes, a value with a backtick is refused;
 *   <li>inside a {@code #} comment, a value with a line break is refused;
 *   <li>anywhere else only a plain name, number or duration ({@code [A-Za-z0-9_:.]+}) is accepted.
 * </ul>
 *
 * <p>A value inside a regex matcher ({@code =~"$x"}) is escaped as a string, not quoted as a regex:
 * it may widen what the matcher selects, as the gate's author allowed by writing it there, but it
 * cannot leave the string.
 */
public final class PromQl {
  private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_:.]+");

  private PromQl() {}

  /** Escapes {@code value} for a PromQL string literal quoted with {@code quote}. */
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

  static String fill(Template template, Map<String, String> values) {
    StringBuilder out = new StringBuilder(template.text().length() + 32);
    Lexer lexer = new Lexer();
    template.forEach(
        new Template.PartVisitor() {
          @Override
          public void text(String text) {
            out.append(text);
            lexer.feed(text);
          }

          @Override
          public void variable(Template.Variable v) {
            out.append(substitute(v, Template.valueOf(v, values), lexer));
          }
        });
    return out.toString();
  }

  private static String substitute(Template.Variable v, String value, Lexer at) {
    if (at.comment) {
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw unsafe(v, "contains a line break inside a comment");
      }
      return value;
    }
    return switch (at.quote) {
      case '"', '\'' -> escape(value, at.quote);
      case '`' -> {
        if (value.indexOf('`') >= 0) {
          throw unsafe(v, "contains a backtick inside a raw string");
        }
        yield value;
      }
      default -> {
        if (!BARE.matcher(value).matches()) {
          throw unsafe(v, "is outside quotes, so it must be a plain name, number or duration");
        }
        yield value;
      }
    };
  }

  private static TemplateException unsafe(Template.Variable v, String why) {
    return new TemplateException(v.name(), false, "the value of '$" + v.name() + "' " + why);
  }

  /** Tracks whether the text so far ends inside a string (and which) or a comment. */
  private static final class Lexer {
    char quote;
    boolean comment;
    boolean escaped;

    void feed(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (comment) {
          comment = c != '\n' && c != '\r';
        } else if (quote == 0) {
          if (c == '"' || c == '\'' || c == '`') {
            quote = c;
          } else if (c == '#') {
            comment = true;
          }
        } else if (escaped) {
          escaped = false;
        } else if (c == '\\' && quote != '`') {
          escaped = true;
        } else if (c == quote) {
          quote = 0;
        }
      }
    }
  }
}
