package io.tollgate.gate.redaction;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Hides secrets and personal data in what the read-only views show: e-mail addresses, bearer
 * tokens, JWTs, API keys (AWS, GitHub, Slack, Google, Stripe), passwords in URLs and key=value
 * pairs, card numbers (issuer prefix and Luhn checked), IPv4 and IPv6 addresses, and the whole
 * value of attributes named like a secret. Everything runs on RE2/J, so the work is linear in the
 * text whatever the configured patterns are.
 *
 * <pre>{@code
 * UnaryOperator<String> show = redactor.forViewer(authentication);
 * String message = show.apply(scenario.example());
 * }</pre>
 */
@Singleton
public final class Redactor {
  static final int MAX_PATTERNS = 32;
  static final int MAX_PATTERN_LENGTH = 500;
  private static final Set<String> MAY_SEE_RAW = Set.of("admin", "sre");

  private final List<Detector> detectors;
  private final List<Pattern> secretNames;
  private final Set<String> rawRoles;

  Redactor(RedactionProperties properties) {
    List<Detector> all = new ArrayList<>(Detectors.BUILT_IN);
    for (Pattern p : compile("patterns", properties.getPatterns())) {
      all.add(new Detector("configured", p, 0, "<redacted>", Detector.Check.ANY));
    }
    this.detectors = List.copyOf(all);
    List<Pattern> names = new ArrayList<>();
    names.add(Pattern.compile(Detectors.SECRET_NAMES));
    names.addAll(compile("attribute-names", properties.getAttributeNames()));
    this.secretNames = List.copyOf(names);
    for (String role : properties.getRawRoles()) {
      if (!MAY_SEE_RAW.contains(role)) {
        throw new ConfigurationException(
            "tollgate.redaction.raw-roles: '"
                + role
                + "' cannot see raw values; only admin and sre can be configured to");
      }
    }
    this.rawRoles = Set.copyOf(properties.getRawRoles());
  }

  /** The text with every detected secret or personal datum replaced by a marker. */
  public String text(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Detector d : detectors) {
      out = d.apply(out);
    }
    return out;
  }

  /** An attribute's value: hidden whole where the name looks like a secret, else as text. */
  public String attribute(String name, @Nullable String value) {
    if (value == null) {
      return null;
    }
    for (Pattern p : secretNames) {
      if (p.matcher(name).find()) {
        return "<redacted>";
      }
    }
    return text(value);
  }

  /** Whether this caller sees raw values: only a role that {@code raw-roles} names. */
  public boolean showsRaw(@Nullable Authentication who) {
    if (who == null || rawRoles.isEmpty()) {
      return false;
    }
    Object role = who.getAttributes().get("role");
    return role != null && rawRoles.contains(role.toString());
  }

  /** What this caller is shown of a text: the text itself, or its redacted form. */
  public UnaryOperator<String> forViewer(@Nullable Authentication who) {
    return showsRaw(who) ? UnaryOperator.identity() : this::text;
  }

  private static List<Pattern> compile(String key, List<String> regexes) {
    List<String> list = regexes.stream().filter(r -> r != null && !r.isBlank()).toList();
    if (list.size() > MAX_PATTERNS) {
      throw new ConfigurationException(
          "tollgate.redaction." + key + ": at most " + MAX_PATTERNS + " patterns");
    }
    List<Pattern> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String r = list.get(i);
      if (r.length() > MAX_PATTERN_LENGTH) {
        throw new ConfigurationException(
            "tollgate.redaction." + key + "[" + i + "]: longer than " + MAX_PATTERN_LENGTH);
      }
      try {
        out.add(Pattern.compile(r));
      } catch (PatternSyntaxException e) {
        throw new ConfigurationException(
            "tollgate.redaction."
                + key
                + "["
                + i
                + "]: not an RE2 expression: "
                + e.getDescription());
      }
    }
    return out;
  }
}
