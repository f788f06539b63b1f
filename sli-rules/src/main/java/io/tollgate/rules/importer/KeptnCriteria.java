package io.tollgate.rules.importer;

import io.tollgate.rules.model.Condition;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Keptn criterion string: {@code "<1000"} (absolute), {@code "<=+10%"} (relative to the
 * comparison value, a ratio; {@code "<=10%"} is the same as {@code "<=+10%"}, as in Keptn) or
 * {@code "<+50"} (relative, a delta).
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
    // Decimal arithmetic: ">=-80%" is a ratio of exactly 0.2, not 0.19999999999999996.
    BigDecimal v = new BigDecimal(m.group(3));
    boolean signed = m.group(2) != null;
    boolean percent = m.group(4) != null;
    BigDecimal value = "-".equals(m.group(2)) ? v.negate() : v;
    if (percent) {
      // Keptn reads "<=1%" like "<=+1%": a percentage is always relative to the comparison value
      double ratio = BigDecimal.ONE.add(value.movePointLeft(2)).doubleValue();
      return Optional.of(new KeptnCriteria(Kind.RATIO, new Condition.Bound(op, ratio)));
    }
    if (!signed) {
      return Optional.of(
          new KeptnCriteria(Kind.ABSOLUTE, new Condition.Bound(op, value.doubleValue())));
    }
    return Optional.of(new KeptnCriteria(Kind.DELTA, new Condition.Bound(op, value.doubleValue())));
  }
}
