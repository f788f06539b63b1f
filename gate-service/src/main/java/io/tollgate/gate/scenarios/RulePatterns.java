package io.tollgate.gate.scenarios;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the regular expressions of mapping and triage rules with RE2/J, whose matching time is
 * linear in the text whatever the pattern: a rule can never stall a catalog read. Constructs that
 * need backtracking (backreferences, lookaround, possessive quantifiers, atomic groups) are refused
 * at creation with a 422 that names the construct.
 */
final class RulePatterns {
  private static final Logger LOG = LoggerFactory.getLogger(RulePatterns.class);

  private RulePatterns() {}

  /** A rule's pattern from a request: RE2 syntax, or a problem saying why not. */
  static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      Optional<String> unsafe = backtrackingConstruct(regex);
      if (unsafe.isPresent()) {
        throw new ProblemException(
            ProblemType.UNSAFE_PATTERN,
            "pattern uses "
                + unsafe.get()
                + ", which needs backtracking; rule patterns run in linear time (RE2 syntax),"
                + " so this construct is not supported");
      }
      throw ProblemException.badRequest(
          "pattern is not a valid regular expression (RE2 syntax): " + e.getDescription());
    }
  }

  /**
   * A stored rule's pattern. One stored before patterns were checked may not compile: it then
   * matches nothing (and is logged), rather than failing every catalog read.
   */
  static Pattern stored(long ruleId, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      LOG.warn(
          "rule {} has a pattern RE2 cannot run ({}); it matches nothing until replaced",
          ruleId,
          e.getDescription());
      return NEVER;
    }
  }

  /** Matches no text at all ({@code [^\x00-\x{10FFFF}]} is an empty class). */
  static final Pattern NEVER = Pattern.compile("[^\\x00-\\x{10FFFF}]");

  static boolean inert(Pattern p) {
    return p == NEVER;
  }

  private static Optional<String> backtrackingConstruct(String regex) {
    if (regex.matches("(?s).*\\\\[1-9].*") || regex.contains("\\k<")) {
      return Optional.of("a backreference (\\1, \\k<name>)");
    }
    if (regex.contains("(?=") || regex.contains("(?!")) {
      return Optional.of("a lookahead ((?=...), (?!...))");
    }
    if (regex.contains("(?<=") || regex.contains("(?<!")) {
      return Optional.of("a lookbehind ((?<=...), (?<!...))");
    }
    if (regex.contains("(?>")) {
      return Optional.of("an atomic group ((?>...))");
    }
    if (regex.matches("(?s).*[*+?}]\\+.*")) {
      return Optional.of("a possessive quantifier (*+, ++, ?+)");
    }
    return Optional.empty();
  }
}
