package io.tollgate.rules.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A text with template variables: {@code $name} or {@code ${name}}, where a name is a letter or
 * {@code _} followed by letters, digits and {@code _}. {@code $$} is a literal {@code $}; a {@code
 * $} before anything else ({@code $1}, {@code ${1}} in a {@code label_replace}, a regex's {@code
 * $}) is kept as written.
 *
 * <pre>{@code
 * Template t = Template.parse("sum(rate(http_requests_total{service=\"$service\"}[$window]))");
 * t.names();                                                   // [service, window]
 * t.fillPromQl(Map.of("service", "checkout", "window", "5m")); // values escaped for PromQL
 * t.fill(Map.of("service", "checkout"));                        // plain text, e.g. a span service
 * }</pre>
 *
 * <p>The rules checker uses {@link #variables()} (with their offsets) to report every unknown
 * variable at its position, so filling fails at evaluation time only when a request did not give a
 * value to a variable the language defines.
 */
public final class Template {

  /** One {@code $name} or {@code ${name}} in the text. */
  public record Variable(String name, int offset, int length) {
    public Variable {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A {@code ${} that opens a name but never closes it; the offset is that of the {@code $}. */
  public record Unterminated(String name, int offset) {}

  private sealed interface Part permits Text, Ref {}

  private record Text(String text) implements Part {}

  private record Ref(Variable variable) implements Part {}

  private final String text;
  private final List<Part> parts;
  private final List<Variable> variables;
  private final List<Unterminated> unterminated;

  private Template(
      String text, List<Part> parts, List<Variable> variables, List<Unterminated> unterminated) {
    this.text = text;
    this.parts = List.copyOf(parts);
    this.variables = List.copyOf(variables);
    this.unterminated = List.copyOf(unterminated);
  }

  /**
   * Parses {@code text}; never throws, malformed references are listed by {@link #unterminated}.
   */
  public static Template parse(String text) {
    Objects.requireNonNull(text, "text");
    List<Part> parts = new ArrayList<>();
    List<Variable> variables = new ArrayList<>();
    List<Unterminated> unterminated = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        literal.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        literal.append('$');
        i += 2;
        continue;
      }
      int nameStart = next == '{' ? i + 2 : i + 1;
      int nameEnd = identifierEnd(text, nameStart);
      if (nameEnd == nameStart) {
        literal.append(c);
        i++;
        continue;
      }
      String name = text.substring(nameStart, nameEnd);
      int end = nameEnd;
      if (next == '{') {
        if (nameEnd >= text.length() || text.charAt(nameEnd) != '}') {
          unterminated.add(new Unterminated(name, i));
          literal.append(text, i, nameEnd);
          i = nameEnd;
          continue;
        }
        end = nameEnd + 1;
      }
      if (literal.length() > 0) {
        parts.add(new Text(literal.toString()));
        literal.setLength(0);
      }
      Variable v = new Variable(name, i, end - i);
      variables.add(v);
      parts.add(new Ref(v));
      i = end;
    }
    if (literal.length() > 0) {
      parts.add(new Text(literal.toString()));
    }
    return new Template(text, parts, variables, unterminated);
  }

  private static int identifierEnd(String text, int start) {
    if (start >= text.length() || !isStart(text.charAt(start))) {
      return start;
    }
    int j = start + 1;
    while (j < text.length() && (isStart(text.charAt(j)) || Character.isDigit(text.charAt(j)))) {
      j++;
    }
    return j;
  }

  private static boolean isStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  /** The text as written. */
  public String text() {
    return text;
  }

  /** Every variable reference, in order of appearance. */
  public List<Variable> variables() {
    return variables;
  }

  /** The distinct variable names, sorted. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    variables.forEach(v -> names.add(v.name()));
    return names;
  }

  /** References opened with {@code ${} but not closed. */
  public List<Unterminated> unterminated() {
    return unterminated;
  }

  /**
   * Fills every variable with its value as is, for plain text (a service, an operation, an
   * attribute value).
   *
   * @throws TemplateException naming the first variable without a value
   */
  public String fill(Map<String, String> values) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (Part p : parts) {
      if (p instanceof Text t) {
        out.append(t.text());
      } else {
        out.append(valueOf(((Ref) p).variable(), values));
      }
    }
    return out.toString();
  }

  /**
   * Fills a PromQL template so that no value can change the query's structure: see {@link PromQl}.
   *
   * @throws TemplateException for a variable without a value, or a value that is unsafe where it is
   *     placed
   */
  public String fillPromQl(Map<String, String> values) {
    return PromQl.fill(this, values);
  }

  /** For evidence only: fills what it can and leaves variables without a value as written. */
  public String describe(Map<String, String> values) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (Part p : parts) {
      if (p instanceof Text t) {
        out.append(t.text());
      } else {
        Variable v = ((Ref) p).variable();
        String value = values.get(v.name());
        out.append(value == null ? text.substring(v.offset(), v.offset() + v.length()) : value);
      }
    }
    return out.toString();
  }

  /** Visits the template's pieces in order: literal text, and variables. */
  void forEach(PartVisitor visitor) {
    for (Part p : parts) {
      if (p instanceof Text t) {
        visitor.text(t.text());
      } else {
        visitor.variable(((Ref) p).variable());
      }
    }
  }

  interface PartVisitor {
    void text(String text);

    void variable(Variable variable);
  }

  static String valueOf(Variable v, Map<String, String> values) {
    String value = values.get(v.name());
    if (value == null) {
      throw new TemplateException(
          v.name(), true, "no value for template variable '$" + v.name() + "'");
    }
    return value;
  }

  @Override
  public String toString() {
    return text;
  }
}
