package io.tollgate.rules.importer;

import io.tollgate.rules.model.Condition;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Keptn criterion string: {@code "<1000"} (absolute), {@code "<=+10%"} (relative to the
 * comparison value, a ratio) or {@code "<+50"} (relative, a delta).
 */
record KeptnCriteria(Kind kind, Condition.Bound bound) {

  enum Kind {
    ABSOLUTE,
    RATIO,
    DELTA
  }

  private static final Pattern TEXT =
      Pattern.compile("\\s*(<=|>=|<|>|=)\\s*([+-])?\\s*(\\d+(?:\\.\\d+)?)\\s*(%)?\\s*");

  static Optional<KeptnCriteria> parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    Condition.Op op =
        switch (m.group(1)) {
          case "<" -> Condition.Op.LT;
          case "<=" -> Condition.Op.LE;
          case ">" -> Condition.Op.GT;
          case ">=" -> Condition.Op.GE;
          default -> Condition.Op.EQ;
        };
    double v = Double.parseDouble(m.group(3));
    boolean relative = m.group(2) != null;
    boolean percent = m.group(4) != null;
    if (!relative && percent) {
      return Optional.empty();
    }
    double signed = "-".equals(m.group(2)) ? -v : v;
    if (!relative) {
      return Optional.of(new KeptnCriteria(Kind.ABSOLUTE, new Condition.Bound(op, v)));
    }
    if (percent) {
      return Optional.of(new KeptnCriteria(Kind.RATIO, new Condition.Bound(op, 1 + signed / 100)));
    }
    return Optional.of(new KeptnCriteria(Kind.DELTA, new Condition.Bound(op, signed)));
  }
}
