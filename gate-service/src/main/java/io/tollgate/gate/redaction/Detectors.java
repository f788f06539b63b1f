package io.tollgate.gate.redaction;

import java.util.List;

/**
 * The built-in detectors, in the order they run: credentials in URLs and key=value pairs first (so
 * the value goes whole), then tokens with a known shape, then personal data.
 */
final class Detectors {
  private Detectors() {}

  /** Attribute names whose values are secrets whatever they look like. */
  static final String SECRET_NAMES =
      "(?i)(passw(or)?d|passwd|pwd|secret|token|authorization|cookie|api[_.-]?key|apikey"
          + "|access[_.-]?key|private[_.-]?key|credential|session[_.-]?id|x-api-key)";

  private static final String KEYS =
      "passw(?:or)?d|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key"
          + "|authorization|cookie|session[_-]?id|credentials?";

  static final List<Detector> BUILT_IN =
      List.of(
          Detector.of(
              "private-key",
              "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
              "<private-key>"),
          // scheme://user:password@host
          Detector.of(
              "url-password",
              "[A-Za-z][A-Za-z0-9+.-]*://[^:/\\s@]+:([^@\\s/]+)@",
              1,
              "<redacted>",
              Detector.Check.ANY),
          Detector.of(
              "jwt", "eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*", "<jwt>"),
          Detector.of(
              "bearer",
              "(?i)\\bbearer\\s+([A-Za-z0-9._~+/=-]{8,})",
              1,
              "<token>",
              Detector.Check.ANY),
          Detector.of(
              "basic",
              "(?i)\\bbasic\\s+([A-Za-z0-9+/]{8,}={0,2})",
              1,
              "<token>",
              (m, t, s, e) -> m.chars().anyMatch(c -> Character.isDigit(c) || c == '=')),
          Detector.of(
              "aws-key",
              "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b",
              "<aws-key>"),
          Detector.of(
              "github-token",
              "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b",
              "<github-token>"),
          Detector.of("slack-token", "\\bxox[abposr]-[A-Za-z0-9-]{10,}", "<token>"),
          Detector.of("google-api-key", "\\bAIza[0-9A-Za-z_-]{35}\\b", "<api-key>"),
          Detector.of("stripe-key", "\\b[rs]k_(?:live|test)_[0-9A-Za-z]{16,}\\b", "<api-key>"),
          // password=..., "api_key": "...", Cookie: a=b
          Detector.of(
              "key-value",
              "(?i)(?:" + KEYS + ")[\"']?\\s*[=:]\\s*[\"']?([^\\s\"'&,;}<>)\\]]+)",
              1,
              "<redacted>",
              (m, t, s, e) -> !m.equalsIgnoreCase("bearer") && !m.equalsIgnoreCase("basic")),
          Detector.of(
              "email",
              "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}",
              "<email>"),
          Detector.of(
              "card",
              "(?:^|[^0-9A-Za-z_-])((?:\\d[ -]?){12,18}\\d)",
              1,
              "<card>",
              (m, t, s, e) -> !digitAt(t, e) && CardNumbers.isCard(m)),
          Detector.of(
              "ipv6",
              "(?:^|[^0-9A-Za-z_:.])((?:[0-9A-Fa-f]{0,4}:){2,7}"
                  + "(?:[0-9A-Fa-f]{1,4}|(?:\\d{1,3}\\.){3}\\d{1,3})?(?:%[0-9A-Za-z]+)?)",
              1,
              "<ip>",
              (m, t, s, e) -> !wordAt(t, e) && Ipv6.isAddress(m)),
          Detector.of(
              "ipv4",
              "(?:^|[^0-9A-Za-z_.])((?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
                  + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d))",
              1,
              "<ip>",
              (m, t, s, e) ->
                  !digitAt(t, e)
                      && !(e < t.length() - 1
                          && t.charAt(e) == '.'
                          && Character.isDigit(t.charAt(e + 1)))));

  private static boolean digitAt(String t, int i) {
    return i < t.length() && Character.isDigit(t.charAt(i));
  }

  private static boolean wordAt(String t, int i) {
    return i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_');
  }
}
