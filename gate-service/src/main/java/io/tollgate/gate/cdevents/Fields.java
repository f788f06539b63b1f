package io.tollgate.gate.cdevents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.tollgate.gate.api.Inputs;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reading a CDEvent's fields, with 400 problems that say where the event is wrong. */
public final class Fields {
  private Fields() {}

  @Nullable
  public static JsonNode object(@Nullable JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode v = node.get(field);
    return v != null && v.isObject() ? v : null;
  }

  /** A non-blank string field, else null. */
  @Nullable
  public static String string(@Nullable JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode v = node.get(field);
    return v != null && v.isString() && !v.getStringValue().isBlank() ? v.getStringValue() : null;
  }

  @Nullable
  public static String first(@Nullable String a, @Nullable String b) {
    return a != null ? a : b;
  }

  public static void require(@Nullable String value, String pointer, String what) {
    if (value == null || value.isBlank()) {
      throw invalid(pointer, "is missing: " + what);
    }
  }

  /** The value stripped, refused when longer than {@code max} or holding a NUL. */
  public static String bounded(String value, int max, String pointer) {
    if (value.length() > max) {
      throw invalid(pointer, "is longer than " + max + " characters");
    }
    Inputs.noNul(pointer, value);
    return value.strip();
  }

  @Nullable
  public static String boundedOrNull(@Nullable String value, int max, String pointer) {
    return value == null ? null : bounded(value, max, pointer);
  }

  /** An RFC 3339 time. */
  public static Instant time(@Nullable String text, String pointer) {
    require(text, pointer, "the event's time");
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid(pointer, "is not an RFC 3339 time");
    }
  }

  public static ProblemException invalid(String pointer, String message) {
    return new ProblemException(
        ProblemType.VALIDATION,
        pointer + " " + message,
        List.of(Problem.Issue.at(pointer, message)));
  }
}
