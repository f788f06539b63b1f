package io.tollgate.rules.model;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conjunction of bounds on one number, written {@code "<= 0.01"} or {@code ">= 0.9 and <= 1"}.
 *
 * <p>A condition holds when every bound holds. NaN never satisfies a condition.
 */
public record Condition(List<Bound> bounds) {

  private static final Pattern BOUND =
      Pattern.compile(
          "\\s*(<=|>=|<|>|==)\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

  /** A comparison operator of a bound. */
  public enum Op {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    EQ("==");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as written in the language. */
    public String symbol() {
      return symbol;
    }

    boolean test(double value, double limit) {
      return switch (this) {
        case LT -> value < limit;
        case LE -> value <= limit;
        case GT -> value > limit;
        case GE -> value >= limit;
        case EQ -> value == limit;
      };
    }
  }

  /** One comparison {@code value OP limit}. */
  public record Bound(Op op, double limit) {
    @Override
    public String toString() {
      return op.symbol()
          + " "
          + java.math.BigDecimal.valueOf(limit).stripTrailingZeros().toPlainString();
    }
  }

  public Condition {
    bounds = List.copyOf(bounds);
    if (bounds.isEmpty()) {
      throw new IllegalArgumentException("a condition needs at least one bound");
    }
  }

  /** A single-bound condition. */
  public static Condition of(Op op, double limit) {
    return new Condition(List.of(new Bound(op, limit)));
  }

  /** Parses {@code "<= 0.01"} or {@code "> 1 and < 5"}; empty when the text is not a condition. */
  public static Optional<Condition> parse(String text) {
    String[] parts = text.trim().split("\\s+and\\s+|\\s*&&\\s*");
    List<Bound> bounds = new java.util.ArrayList<>();
    for (String part : parts) {
      Matcher m = BOUND.matcher(part);
      if (!m.matches()) {
        return Optional.empty();
      }
      Op op =
          switch (m.group(1)) {
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            default -> Op.EQ;
          };
      double limit = Double.parseDouble(m.group(2));
      if (!Double.isFinite(limit)) {
        return Optional.empty();
      }
      bounds.add(new Bound(op, limit));
    }
    return Optional.of(new Condition(bounds));
  }

  /** True when {@code value} satisfies every bound. */
  public boolean test(double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    for (Bound b : bounds) {
      if (!b.op().test(value, b.limit())) {
        return false;
      }
    }
    return true;
  }

  /** True when no number can satisfy this condition, e.g. {@code "> 5 and < 3"}. */
  public boolean isUnsatisfiable() {
    double lo = Double.NEGATIVE_INFINITY;
    boolean loOpen = true;
    double hi = Double.POSITIVE_INFINITY;
    boolean hiOpen = true;
    for (Bound b : bounds) {
      switch (b.op()) {
        case GT, GE -> {
          boolean open = b.op() == Op.GT;
          if (b.limit() > lo || (b.limit() == lo && open)) {
            lo = b.limit();
            loOpen = open;
          }
        }
        case LT, LE -> {
          boolean open = b.op() == Op.LT;
          if (b.limit() < hi || (b.limit() == hi && open)) {
            hi = b.limit();
            hiOpen = open;
          }
        }
        case EQ -> {
          if (b.limit() > lo || (b.limit() == lo && !loOpen)) {
            lo = b.limit();
            loOpen = false;
          }
          if (b.limit() < hi || (b.limit() == hi && !hiOpen)) {
            hi = b.limit();
            hiOpen = false;
          }
        }
      }
    }
    return lo > hi || (lo == hi && (loOpen || hiOpen));
  }

  @Override
  public String toString() {
    return String.join(" and ", bounds.stream().map(Bound::toString).toList());
  }
}
