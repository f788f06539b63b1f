package io.tollgate.gate.redaction;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * One kind of secret or personal data: an RE2 pattern (linear time in the text), the group it
 * replaces, what it puts there, and a check that a match really is one (a Luhn sum, an address
 * parse, the characters around it).
 */
record Detector(String kind, Pattern pattern, int group, String replacement, Check check) {

  /** Whether the matched text, at {@code [start, end)} of {@code text}, is what it looks like. */
  @FunctionalInterface
  interface Check {
    boolean accepts(String match, String text, int start, int end);

    Check ANY = (m, t, s, e) -> true;
  }

  static Detector of(String kind, String regex, int group, String replacement, Check check) {
    return new Detector(kind, Pattern.compile(regex), group, replacement, check);
  }

  static Detector of(String kind, String regex, String replacement) {
    return of(kind, regex, 0, replacement, Check.ANY);
  }

  String apply(String text) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      int start = m.start(group);
      int end = m.end(group);
      if (start < 0 || end <= start) {
        continue;
      }
      if (!check.accepts(text.substring(start, end), text, start, end)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, start).append(replacement);
      copied = end;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }
}
