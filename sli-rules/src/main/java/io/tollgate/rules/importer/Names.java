package io.tollgate.rules.importer;

import java.util.Locale;

/** Turns foreign names (DNS labels, free text) into SLI names the language accepts. */
final class Names {
  private Names() {}

  static String sli(String name) {
    String s =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "sli_" + s;
    }
    return s.length() > 63 ? s.substring(0, 63) : s;
  }
}
