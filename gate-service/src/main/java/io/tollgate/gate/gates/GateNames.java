package io.tollgate.gate.gates;

import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The documented character set of gate names: 1 to 128 ASCII letters, digits, {@code .}, {@code _}
 * and {@code -}, starting and ending with a letter or digit. Names appear in URLs, CLI arguments,
 * Kubernetes annotations and metric labels, so nothing there needs escaping.
 */
final class GateNames {
  static final int MAX_LENGTH = 128;
  static final int MAX_NOTE = 1000;
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,126}[A-Za-z0-9])?");

  private GateNames() {}

  static String check(String name) {
    if (name.length() > MAX_LENGTH || !NAME.matcher(name).matches()) {
      throw new ProblemException(
          ProblemType.VALIDATION,
          "metadata.name must be 1 to "
              + MAX_LENGTH
              + " letters, digits, '.', '_' or '-', starting and ending with a letter or digit",
          List.of(
              Problem.Issue.at(
                  "/metadata/name", "letters, digits, '.', '_', '-'; at most " + MAX_LENGTH)));
    }
    return name;
  }
}
