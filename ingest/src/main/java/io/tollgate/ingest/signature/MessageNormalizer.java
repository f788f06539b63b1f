package io.tollgate.ingest.signature;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns an error message into a template by replacing what varies between occurrences (URLs,
 * emails, UUIDs, timestamps, IP addresses, hex, ids, numbers) with placeholders, so that "timeout
 * after 3012 ms talking to 10.0.3.7" and "timeout after 2990 ms talking to 10.0.9.1" share one
 * signature.
 *
 * <p>Changing a rule changes signatures; {@link #VERSION} is stored with every signature so old and
 * new templates are never silently merged.
 */
public final class MessageNormalizer {
  /** Bumped whenever a rule below changes. */
  public static final int VERSION = 1;

  static final int MAX_LENGTH = 256;

  private record Rule(Pattern pattern, String placeholder) {}

  // Order matters: whole structures first, so a URL's digits do not become <num>.
  private static final List<Rule> RULES =
      List.of(
          rule("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"'<>]+", "<url>"),
          rule("\\b[\\w.%+-]+@[\\w-]+(\\.[\\w-]+)*\\.[a-zA-Z]{2,}\\b", "<email>"),
          rule(
              "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b",
              "<uuid>"),
          rule(
              "\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}([.,]\\d+)?)?"
                  + "(Z|[+-]\\d{2}:?\\d{2})?",
              "<ts>"),
          rule("\\b\\d{2}:\\d{2}:\\d{2}([.,]\\d+)?\\b", "<ts>"),
          rule("\\b\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?\\b", "<ip>"),
          rule("\\b0[xX][0-9a-fA-F]+\\b", "<hex>"),
          rule("\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b", "<hex>"),
          rule("\\b(?=[\\w-]*\\d[\\w-]*\\d)(?=[\\w-]*[A-Za-z])[\\w-]{6,}\\b", "<id>"),
          rule("(?<![\\w<])[-+]?\\d+([.,]\\d+)*(?![\\w>])", "<num>"),
          rule("\\s+", " "),
          rule("\\x00", ""));

  private MessageNormalizer() {}

  private static Rule rule(String regex, String placeholder) {
    return new Rule(Pattern.compile(regex), placeholder);
  }

  /** The template of {@code message}; empty for null or blank input. */
  public static String normalize(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    String text =
        message.length() > 4 * MAX_LENGTH ? message.substring(0, 4 * MAX_LENGTH) : message;
    for (Rule r : RULES) {
      text = r.pattern.matcher(text).replaceAll(r.placeholder);
    }
    text = text.strip();
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
  }
}
