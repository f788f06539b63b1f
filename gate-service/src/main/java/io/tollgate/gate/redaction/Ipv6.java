package io.tollgate.gate.redaction;

/** Recognises IPv6 literals (with an optional zone) without any name lookup. */
final class Ipv6 {
  private Ipv6() {}

  static boolean isAddress(String s) {
    String text = s;
    int zone = text.indexOf('%');
    if (zone >= 0) {
      text = text.substring(0, zone);
    }
    if (text.indexOf(':') < 0 || text.length() < 2) {
      return false;
    }
    int doubled = text.indexOf("::");
    if (doubled >= 0 && text.indexOf("::", doubled + 1) >= 0) {
      return false;
    }
    String[] groups = text.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        continue;
      }
      if (i == groups.length - 1 && g.contains(".")) {
        count += 2; // an embedded IPv4 tail such as ::ffff:10.0.0.1
        continue;
      }
      if (g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return false;
      }
      count++;
    }
    if (doubled >= 0) {
      return count < 8;
    }
    return count == 8 && !text.startsWith(":") && !text.endsWith(":");
  }
}
