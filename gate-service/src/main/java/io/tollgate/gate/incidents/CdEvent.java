package io.tollgate.gate.incidents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.cdevents.Envelope;
import io.tollgate.gate.cdevents.Fields;
import java.time.Instant;

/**
 * A CDEvents incident event ({@code dev.cdevents.incident.detected|reported|resolved.<version>}).
 * Fields follow the CDEvents incident subject: {@code subject.id}, {@code subject.source}, {@code
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

  static CdEvent read(Envelope e) {
    Predicate predicate = predicate(e.type());
    JsonNode context = e.context();
    JsonNode subject = e.subject();
    JsonNode content = Fields.object(subject, "content");
    String subjectId = Fields.string(subject, "id");
    Fields.require(subjectId, "/subject/id", "the incident's id");
    String source =
        Fields.first(
            Fields.string(subject, "source"),
            context == null ? null : Fields.string(context, "source"));
    source = Fields.first(source, e.source());
    Fields.require(source, "/subject/source", "the incident's source");
    String service =
        content == null ? null : Fields.string(Fields.object(content, "service"), "id");
    Fields.require(service, "/subject/content/service/id", "the incident's service");
    Instant at = Fields.time(e.timestamp(), "/context/timestamp");
    JsonNode custom = Fields.object(e.event(), "customData");
    return new CdEvent(
        predicate,
        Fields.bounded(source, 1000, "/subject/source"),
        Fields.bounded(subjectId, 500, "/subject/id"),
        Fields.bounded(service, 200, "/subject/content/service/id"),
        Fields.bounded(
            Fields.first(
                content == null ? null : Fields.string(content, "description"),
                "incident " + subjectId),
            500,
            "/subject/content/description"),
        content == null ? null : Fields.string(Fields.object(content, "environment"), "id"),
        custom == null ? null : Fields.string(custom, "severity"),
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
}
