package io.tollgate.gate.scenarios;

import io.tollgate.ingest.signature.ErrorClasses;
import io.tollgate.ingest.signature.MessageNormalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a failing test saw, in the terms of production failure signatures: the error class as
 * ingest names it ({@code HTTP 503} for a bare status), exception classes named in the message, and
 * HTTP error statuses the message reports ("Expected status code &lt;200&gt; but was &lt;503&gt;").
 */
final class FailureModes {
  private static final Pattern STATUS_CODE = Pattern.compile("^[1-5]\\d\\d$");
  private static final Pattern MENTIONS_STATUS =
      Pattern.compile("(?i)\\b(status|response code|http|code)\\b");
  private static final Pattern ERROR_STATUS = Pattern.compile("(?<![\\w.])([45]\\d\\d)(?![\\w.])");
  // JUnit/AssertJ comparing a status: "expected: <200> but was: <503>"
  private static final Pattern EXPECTED_OK_BUT_WAS =
      Pattern.compile(
          "(?i)expected:?\\s*<?\\[?2\\d\\d\\]?>?\\s*but was:?\\s*<?\\[?([45]\\d\\d)\\]?>?");
  // a status line as HTTP clients print it: "503 Service Unavailable"
  private static final Pattern STATUS_LINE =
      Pattern.compile(
          "(?<![\\w.])([45]\\d\\d) (Bad Request|Unauthorized|Forbidden|Not Found|Conflict"
              + "|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable"
              + "|Gateway Timeout)");
  private static final Pattern EXCEPTION_CLASS =
      Pattern.compile("\\b((?:[a-z_][\\w]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Fault))\\b");

  private FailureModes() {}

  /** The error class ingest would record for a failure reported as {@code errorClass}. */
  static String errorClass(String errorClass) {
    String c = errorClass == null ? "" : errorClass.trim();
    if (c.isEmpty()) {
      return ErrorClasses.UNKNOWN;
    }
    return STATUS_CODE.matcher(c).matches() ? "HTTP " + c : c;
  }

  /** The normalized message, kept only where the class is generic (as ingest does). */
  static String template(String errorClass, String message) {
    return ErrorClasses.isGeneric(errorClass) ? MessageNormalizer.normalize(message) : "";
  }

  /** Every error class a failure with this class and message shows. */
  static Set<String> of(String errorClass, String message) {
    Set<String> out = new LinkedHashSet<>();
    out.add(errorClass(errorClass));
    String text = message == null ? "" : message;
    // JMeter reports "Non HTTP response code: <exception class>" as the response code
    Matcher ex = EXCEPTION_CLASS.matcher((errorClass == null ? "" : errorClass) + "\n" + text);
    while (ex.find()) {
      out.add(ex.group(1));
    }
    Matcher expected = EXPECTED_OK_BUT_WAS.matcher(text);
    while (expected.find()) {
      out.add("HTTP " + expected.group(1));
    }
    Matcher line = STATUS_LINE.matcher(text);
    while (line.find()) {
      out.add("HTTP " + line.group(1));
    }
    if (MENTIONS_STATUS.matcher(text).find()) {
      Matcher status = ERROR_STATUS.matcher(text);
      while (status.find()) {
        out.add("HTTP " + status.group(1));
      }
    }
    return out;
  }

  /** Whether two error classes name the same thing, with or without a package. */
  static boolean sameClass(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (a.startsWith("HTTP ") || b.startsWith("HTTP ")) {
      return false;
    }
    return simple(a).equals(simple(b)) && !simple(a).isEmpty();
  }

  private static String simple(String name) {
    int at = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
    return name.substring(at + 1).toLowerCase(Locale.ROOT);
  }
}
