package io.tollgate.cli.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** {@code k=v} arguments as a map; a malformed one is a usage error. */
final class KeyValues {
  private KeyValues() {}

  static Map<String, String> parse(List<String> pairs, String option, CommandLine cl) {
    Map<String, String> out = new LinkedHashMap<>();
    if (pairs == null) {
      return out;
    }
    for (String p : pairs) {
      for (String one : p.split(",")) {
        int eq = one.indexOf('=');
        if (eq <= 0) {
          throw new CommandLine.ParameterException(
              cl, option + " expects key=value (e.g. service=checkout), got '" + one + "'");
        }
        out.put(one.substring(0, eq).trim(), one.substring(eq + 1).trim());
      }
    }
    return out;
  }
}
