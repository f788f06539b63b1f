package io.tollgate.gate.incidents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * A CDEvents incident event ({@code dev.cdevents.incident.detected|reported|resolved.<version>})
 * read from the CloudEvents HTTP binding: structured mode (the envelope with the CDEvent in {@code
 * data}) or binary mode ({@code ce-*} headers, the CDEvent as the body). Fields follow the CDEvents
 * incident subject: {@code subject.id}, {@code subject.source}, {@code
 * subject.content.description}, {@code subject.content.service.id}, {@code
 * subject.content.environment.id}; the time is {@code context.timestamp}, else the CloudEvent's
 * {@code time}.
 */
record CdEvent(
    Predicate predicate,
    String source,
    String subjectId,
    String service,
    String description,
    @Nullable String environment,
    @Nullable String severity,
    Instant at) {

  static final String PREFIX = "dev.cdevents.incident.";

  enum Predicate {
    DETECTED,
    RESOLVED
  }

  static CdEvent read(JsonMapper json, @Nullable byte[] body, Map<String, String> ceHeaders) {
    JsonNode root = parse(json, body);
    JsonNode event;
    String type;
    String envelopeTime;
    String envelopeSource;
    if (ceHeaders.containsKey("ce-specversion")) {
      type = ceHeaders.get("ce-type");
      envelopeTime = ceHeaders.get("ce-time");
      envelopeSource = ceHeaders.get("ce-source");
      event = root;
      require(type, "ce-type", "the CloudEvent's type header");
    } else {
      if (!root.isObject() || string(root, "specversion") == null) {
        throw invalid(
            "/specversion",
            "not a CloudEvent: send the structured mode (application/cloudevents+json with"
                + " specversion, type, source, id, data) or the binary mode (ce-* headers)");
      }
      if (!"1.0".equals(string(root, "specversion"))) {
        throw invalid("/specversion", "only CloudEvents 1.0 is supported");
      }
      type = string(root, "type");
      require(type, "/type", "the CloudEvent's type");
      envelopeTime = string(root, "time");
      envelopeSource = string(root, "source");
      event = root.get("data");
      String base64 = string(root, "data_base64");
      if (event == null && base64 != null) {
        try {
          event = parse(json, java.util.Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
          throw invalid("/data_base64", "is not base64");
        }
      }
      if (event == null || !event.isObject()) {
        throw invalid("/data", "the CloudEvent carries no CDEvent object in data");
      }
    }
    Predicate predicate = predicate(type);
    JsonNode context = object(event, "context");
    JsonNode subject = object(event, "subject");
    if (subject == null) {
      throw invalid("/subject", "a CDEvent needs a subject");
    }
    JsonNode content = object(subject, "content");
    String subjectId = string(subject, "id");
    require(subjectId, "/subject/id", "the incident's id");
    String source =
        first(string(subject, "source"), context == null ? null : string(context, "source"));
    source = first(source, envelopeSource);
    require(source, "/subject/source", "the incident's source");
    String service = content == null ? null : string(object(content, "service"), "id");
    require(service, "/subject/content/service/id", "the incident's service");
    String time = first(context == null ? null : string(context, "timestamp"), envelopeTime);
    require(time, "/context/timestamp", "the event's time");
    Instant at;
    try {
      at = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw invalid("/context/timestamp", "is not an RFC 3339 time");
    }
    JsonNode custom = object(event, "customData");
    return new CdEvent(
        predicate,
        bounded(source, 1000, "/subject/source"),
        bounded(subjectId, 500, "/subject/id"),
        bounded(service, 200, "/subject/content/service/id"),
        bounded(
            first(content == null ? null : string(content, "description"), "incident " + subjectId),
            500,
            "/subject/content/description"),
        content == null ? null : string(object(content, "environment"), "id"),
        custom == null ? null : string(custom, "severity"),
        at);
  }

  private static Predicate predicate(String type) {
    String t = type.strip();
    if (t.startsWith(PREFIX + "detected.") || t.startsWith(PREFIX + "reported.")) {
      return Predicate.DETECTED;
    }
    if (t.startsWith(PREFIX + "resolved.")) {
      return Predicate.RESOLVED;
    }
    throw new ProblemException(
        ProblemType.UNPROCESSABLE,
        "event type '"
            + (t.length() > 100 ? t.substring(0, 100) + "..." : t)
            + "' is not taken here: send dev.cdevents.incident.detected, .reported or .resolved");
  }

  private static JsonNode parse(JsonMapper json, @Nullable byte[] body) {
    JsonNode node;
    try {
      node = body == null || body.length == 0 ? null : json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      throw new ProblemException(ProblemType.INVALID_JSON, "the event is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ProblemException(
          ProblemType.INVALID_JSON, "the event is not a JSON object (a CloudEvent or a CDEvent)");
    }
    return node;
  }

  @Nullable
  private static JsonNode object(@Nullable JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode v = node.get(field);
    return v != null && v.isObject() ? v : null;
  }

  @Nullable
  private static String string(@Nullable JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode v = node.get(field);
    return v != null && v.isString() && !v.getStringValue().isBlank() ? v.getStringValue() : null;
  }

  @Nullable
  private static String first(@Nullable String a, @Nullable String b) {
    return a != null ? a : b;
  }

  private static void require(@Nullable String value, String pointer, String what) {
    if (value == null || value.isBlank()) {
      throw invalid(pointer, "is missing: " + what);
    }
  }

  private static String bounded(String value, int max, String pointer) {
    if (value.length() > max) {
      throw invalid(pointer, "is longer than " + max + " characters");
    }
    io.tollgate.gate.api.Inputs.noNul(pointer, value);
    return value.strip();
  }

  private static ProblemException invalid(String pointer, String message) {
    return new ProblemException(
        ProblemType.VALIDATION,
        pointer + " " + message,
        List.of(Problem.Issue.at(pointer, message)));
  }
}
