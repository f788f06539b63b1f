package io.tollgate.gate.redaction;

/**
 * Payment card numbers: 13 to 19 digits (spaces or dashes between them allowed) that start with an
 * issuer prefix of a card network and pass the Luhn check, so order ids and epoch milliseconds are
 * left alone.
 */
final class CardNumbers {
  private CardNumbers() {}

  static boolean isCard(String candidate) {
    String digits = candidate.replaceAll("[ -]", "");
    if (digits.length() < 13 || digits.length() > 19 || !knownIssuer(digits)) {
      return false;
    }
    return luhn(digits);
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** Visa, Mastercard, American Express, Discover, Diners Club, JCB, UnionPay, Maestro. */
  private static boolean knownIssuer(String d) {
    int two = Integer.parseInt(d.substring(0, 2));
    int four = Integer.parseInt(d.substring(0, 4));
    int three = Integer.parseInt(d.substring(0, 3));
    return d.charAt(0) == '4'
        || (two >= 51 && two <= 55)
        || (four >= 2221 && four <= 2720)
        || two == 34
        || two == 37
        || four == 6011
        || two == 65
        || (three >= 644 && three <= 649)
        || two == 36
        || two == 38
        || (three >= 300 && three <= 305)
        || two == 35
        || two == 62
        || two == 50
        || (two >= 56 && two <= 58)
        || two == 67;
  }
}
