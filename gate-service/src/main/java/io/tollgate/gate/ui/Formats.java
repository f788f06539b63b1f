package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How pages print numbers, durations and the small maps a decision stores, for people: "1,200",
 * "0.0583", "p < 0.0001", "1.6 × 10¹²", "15 min", "service checkout · version 1.5.0".
 */
public final class Formats {
  /** A number standing alone: not part of a version ("1.5.0"), a name or an identifier. */
  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\w.])-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?(?![\\w]|\\.\\d)");

  private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

  /** Whole numbers with thousands separators, others to three significant digits. */
  public String num(@Nullable Object value) {
    if (!(value instanceof Number n)) {
      return value == null ? "—" : String.valueOf(value);
    }
    double v = n.doubleValue();
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 1e9 || (a > 0 && a < 1e-4)) {
      return scientific(v);
    }
    if (v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return BigDecimal.valueOf(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  /** A p-value as a reader compares it: "0.032", "p < 0.0001" rather than "0.0000". */
  public String p(@Nullable Number p) {
    if (p == null) {
      return "—";
    }
    double v = p.doubleValue();
    return v < 1e-4 ? "< 0.0001" : "= " + num(v);
  }

  /** "15 min", "1 h 30 min", "45 s", "2 d". */
  public String duration(@Nullable Instant from, @Nullable Instant to) {
    if (from == null || to == null) {
      return "—";
    }
    Duration d = Duration.between(from, to).abs();
    long s = d.getSeconds();
    if (s < 60) {
      return s + " s";
    }
    StringJoiner j = new StringJoiner(" ");
    if (d.toDays() > 0) {
      j.add(d.toDays() + " d");
    }
    if (d.toHoursPart() > 0) {
      j.add(d.toHoursPart() + " h");
    }
    if (d.toMinutesPart() > 0) {
      j.add(d.toMinutesPart() + " min");
    }
    if (d.toDays() == 0 && d.toHours() == 0 && d.toSecondsPart() > 0) {
      j.add(d.toSecondsPart() + " s");
    }
    return j.toString();
  }

  /** A side or any small map: "service checkout · version 1.5.0 · track canary". */
  public String pairs(@Nullable Map<?, ?> m) {
    if (m == null || m.isEmpty()) {
      return "—";
    }
    StringJoiner j = new StringJoiner(" · ");
    m.forEach((k, v) -> j.add(k + " " + (v instanceof Number ? num(v) : String.valueOf(v))));
    return j.toString();
  }

  /**
   * A judge's sentence with its long numbers made readable: "e-value 1611260000000" reads "e-value
   * 1.6 × 10¹²", "p=1.9508E-247" reads "p=1.95 × 10⁻²⁴⁷", "0.0583333" reads "0.0583". Versions,
   * names and short numbers are left as they are.
   */
  public String text(@Nullable String s) {
    if (s == null) {
      return "";
    }
    Matcher m = NUMBER.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String t = m.group();
      String r = t;
      boolean exponent = t.indexOf('e') >= 0 || t.indexOf('E') >= 0;
      int dot = t.indexOf('.');
      boolean longFraction = !exponent && dot >= 0 && t.length() - dot - 1 > 4;
      boolean huge = !exponent && dot < 0 && t.replace("-", "").length() > 9;
      if (exponent || longFraction || huge) {
        r = num(Double.parseDouble(t));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(r));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String scientific(double v) {
    int exp = (int) Math.floor(Math.log10(Math.abs(v)));
    double mantissa = v / Math.pow(10, exp);
    String m =
        BigDecimal.valueOf(mantissa).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    StringBuilder e = new StringBuilder(exp < 0 ? "⁻" : "");
    for (char c : Integer.toString(Math.abs(exp)).toCharArray()) {
      e.append(SUPERSCRIPTS.charAt(c - '0'));
    }
    return m + " × 10" + e;
  }
}
